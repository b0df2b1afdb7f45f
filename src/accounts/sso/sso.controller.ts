import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { localisedPath } from '../../common/http/language';
import { Ctx } from '../../common/request-context';
import type { RequestContext } from '../../common/request-context';
import { safeNext } from '../auth/safe-next';
import { beginSession } from '../auth/begin-session';
import { Public } from '../auth/decorators';
import { SsoService } from './sso.service';

/** Where the provider sends the person back: this site as the browser reached it. */
function callbackUrl(request: FastifyRequest, organisation: string): string {
  return `${request.protocol}://${request.host}/login/sso/${encodeURIComponent(organisation)}/callback`;
}

/** Sign-in with the organisation's own accounts: off to its provider, and back. */
@Controller('login/sso')
export class SsoController {
  constructor(private readonly sso: SsoService) {}

  @Get(':organisation')
  @Public()
  async start(
    @Ctx() ctx: RequestContext,
    @Param('organisation') organisation: string,
    @Query('next') next: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { url, pending } = await this.sso.start(
      ctx,
      organisation,
      callbackUrl(request, organisation),
    );
    request.session.set('sso', { ...pending, next: safeNext(next) });
    return reply.redirect(url, 303);
  }

  @Get(':organisation/callback')
  @Public()
  async callback(
    @Ctx() ctx: RequestContext,
    @Param('organisation') organisation: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    // Taken out before anything is checked, so one return from the provider works once.
    const pending = request.session.get('sso');
    request.session.set('sso', undefined);
    const url = new URL(request.url, `${request.protocol}://${request.host}`);
    const user = await this.sso.finish(ctx, organisation, pending, url);
    await beginSession(request, user.id);
    return reply.redirect(pending?.next ?? localisedPath(ctx.lang, '/dashboard'), 303);
  }
}
