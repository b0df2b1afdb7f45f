import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated, Roles } from '../../accounts/auth/decorators';
import { Role } from '../../accounts/role';
import { FormView } from '../../common/forms/form-view';
import type { RouteParams } from '../../common/forms/form-view';
import { redirectWithFlash } from '../../common/http/redirect';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import { Ctx } from '../../common/request-context';
import type { UserContext } from '../../common/request-context';
import { InstrumentsPage } from '../pages/instruments.page';
import { InstrumentFormBody } from './instrument-form';
import type { InstrumentForm } from './instrument-form';
import { InstrumentsService } from './instruments.service';

const PAGE = {
  view: 'assessments/instruments',
  titleKey: 'instruments.title',
  page: InstrumentsPage,
};

/** The impact assessments of an assessment: their page, the proposer's forms, and the PDFs. */
@Controller('assessments/:id/instruments')
export class InstrumentsController {
  constructor(
    private readonly instruments: InstrumentsService,
    private readonly page: InstrumentsPage,
  ) {}

  @Get()
  @Authenticated()
  async show(@Ctx() ctx: UserContext, @Param() params: RouteParams, @Res() reply: FastifyReply) {
    const page = await this.page.build(ctx, params);
    return reply.view(PAGE.view, { titleKey: PAGE.titleKey, page });
  }

  /** A multipart form: the PDF, if one was chosen, travels beside the fields. */
  @Post(':kind')
  @Roles(Role.Proposer)
  @FormView(PAGE)
  async save(
    @Ctx() ctx: UserContext,
    @Param('id', ParseIdPipe) id: number,
    @Param('kind') kind: string,
    @InstrumentFormBody() form: InstrumentForm,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.instruments.save(ctx, id, kind, form.dto, form.file);
    return redirectWithFlash(
      request,
      reply,
      `/assessments/${id}/instruments`,
      'instruments.saved',
      {
        kind: kind.toUpperCase(),
      },
    );
  }

  /** Only ever a download: a PDF, named by ids, that nothing in it can make run as a page. */
  @Get(':kind/document')
  @Authenticated()
  async document(
    @Ctx() ctx: UserContext,
    @Param('id', ParseIdPipe) id: number,
    @Param('kind') kind: string,
    @Res() reply: FastifyReply,
  ) {
    const { bytes, filename } = await this.instruments.document(ctx, id, kind);
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="${filename}"`)
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'no-store')
      .send(bytes);
  }
}
