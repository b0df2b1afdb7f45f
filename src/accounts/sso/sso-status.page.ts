import { Injectable } from '@nestjs/common';
import type { RouteParams } from '../../common/forms/form-view';
import { parseId } from '../../common/parse-id.pipe';
import type { UserContext } from '../../common/request-context';
import { translate } from '../../i18n/i18n';
import { CHECK_TIMEOUT_S } from './connection-check';
import type { ConnectionCheck } from './connection-check';
import { SsoStatusService } from './sso-status.service';

/**
 * `/admin/organisations/:id/sign-in`: the organisation's own sign-in as its admin sees it, with
 * the outcome of a connection check when one was just asked for.
 */
@Injectable()
export class SsoStatusPage {
  constructor(private readonly sso: SsoStatusService) {}

  async build(ctx: UserContext, params: RouteParams, check?: ConnectionCheck) {
    const id = parseId(params.id, 'id');
    const { organisation, provider, secretReadable, refusals } = await this.sso.status(ctx, id);
    const t = (key: string) => translate(ctx.lang, key);
    return {
      organisation,
      provider: provider && {
        issuer: provider.issuer,
        clientId: provider.clientId,
        scopes: provider.scopes,
        emailClaim: provider.emailClaim,
        roleClaim: provider.roleClaim,
        roles: Object.entries(provider.roleMap).map(([value, roles]) => ({
          value,
          roles: roles.map((r) => t(`roles.${r}`)).join(', '),
        })),
        updatedAt: provider.updatedAt,
        signInPath: `/login/sso/${organisation.slug}`,
      },
      secretReadable,
      refusals: refusals.map((r) => ({ at: r.at, reason: t(`admin.sso.refusal.${r.reason}`) })),
      check: check && {
        ...check,
        problem: check.ok
          ? undefined
          : translate(ctx.lang, `admin.sso.problem.${check.problem}`, { seconds: CHECK_TIMEOUT_S }),
      },
      action: `/admin/organisations/${organisation.id}/sign-in/check`,
    };
  }
}
