import { Controller, Get, Param, Res } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Authenticated } from '../accounts/auth/decorators';
import type { PageBuilder } from '../common/forms/form-view';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { Ctx } from '../common/request-context';
import type { UserContext } from '../common/request-context';
import { DraftsService } from './drafts.service';

/** `/drafts/:id`: a form its author posted after their session expired, filled in again. */
@ApiExcludeController()
@Controller('drafts')
@Authenticated()
export class DraftsController {
  constructor(
    private readonly drafts: DraftsService,
    private readonly moduleRef: ModuleRef,
  ) {}

  @Get(':id')
  async show(
    @Ctx() ctx: UserContext,
    @Param('id', ParseIdPipe) id: number,
    @Res() reply: FastifyReply,
  ) {
    const { draft, spec } = await this.drafts.load(ctx, id);
    // The same page a refused post shows: built from the typed fields, the form as it was left.
    const builder = this.moduleRef.get<PageBuilder>(spec.page, { strict: false });
    const page = await builder.build(ctx, draft.params, draft.body);
    reply.locals.flash = { type: 'ok', key: 'drafts.restored' };
    return reply.header('cache-control', 'no-store').view(spec.view, {
      titleKey: spec.titleKey,
      page,
      values: draft.body,
    });
  }
}
