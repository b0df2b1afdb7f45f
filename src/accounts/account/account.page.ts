import { Injectable } from '@nestjs/common';
import type { PageBuilder } from '../../common/forms/form-view';
import type { UserContext } from '../../common/request-context';
import { TOKEN_MAX_DAYS } from '../dto/create-token.dto';
import { AccountService } from './account.service';

/** `/account/password`: the form, with a warning when the password must be changed first. */
@Injectable()
export class PasswordPage implements PageBuilder {
  build({ user }: UserContext) {
    return { mustChange: user.mustChangePassword };
  }
}

/** `/account/tokens`: the user's API tokens, and the form for a new one. */
@Injectable()
export class TokensPage implements PageBuilder {
  constructor(private readonly account: AccountService) {}

  async build(ctx: UserContext) {
    return { tokens: await this.account.listTokens(ctx), maxDays: TOKEN_MAX_DAYS };
  }
}
