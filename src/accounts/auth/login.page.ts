import { Injectable } from '@nestjs/common';
import type { FlatForm } from '../../common/forms/form-body';
import type { PageBuilder, RouteParams } from '../../common/forms/form-view';
import type { RequestContext } from '../../common/request-context';
import { SsoService } from '../sso/sso.service';
import { safeNext } from './safe-next';

/** `/login`: the password form, and a way in for each organisation with its own sign-in. */
@Injectable()
export class LoginPage implements PageBuilder {
  constructor(private readonly sso: SsoService) {}

  async build(_ctx: RequestContext, _params: RouteParams, posted?: FlatForm) {
    const next = safeNext(posted?.next);
    const query = next ? `?${new URLSearchParams({ next })}` : '';
    const organisations = await this.sso.organisations();
    return {
      ssoOrganisations: organisations.map((o) => ({
        name: o.name,
        path: `/login/sso/${encodeURIComponent(o.slug)}${query}`,
      })),
    };
  }
}
