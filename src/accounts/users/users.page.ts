import { Injectable } from '@nestjs/common';
import type { FlatForm } from '../../common/forms/form-body';
import type { PageBuilder, RouteParams } from '../../common/forms/form-view';
import { parseId } from '../../common/parse-id.pipe';
import type { UserContext } from '../../common/request-context';
import type { Organisation } from '../../organisations/entities/organisation.entity';
import { ROLES } from '../role';
import { UsersService } from './users.service';

/** The roles a form posted (one ticked box arrives as a string), or undefined when none was posted. */
const postedRoles = (posted: FlatForm | undefined): string[] | undefined =>
  posted === undefined ? undefined : [posted.roles ?? []].flat();

/**
 * The checkboxes of the role form: one row per organisation the admin manages, one column per
 * role, ticked as `checked` says (`orgId:role`).
 */
function roleMatrix(organisations: Organisation[], checked: string[]) {
  return organisations.map((o) => ({
    id: o.id,
    name: o.name,
    grants: ROLES.map((role) => {
      const value = `${o.id}:${role}`;
      return { role, value, checked: checked.includes(value) };
    }),
  }));
}

/** `/admin/users`: the users of the admin's organisations with their roles. */
@Injectable()
export class UserListPage implements PageBuilder {
  constructor(private readonly users: UsersService) {}

  async build(ctx: UserContext) {
    const [users, scope] = await Promise.all([this.users.list(ctx), this.users.scope(ctx)]);
    return { users, organisations: scope.organisations };
  }
}

/** `/admin/users/new`: name, e-mail address and the roles in the admin's organisations. */
@Injectable()
export class NewUserPage implements PageBuilder {
  constructor(private readonly users: UsersService) {}

  async build(ctx: UserContext, _params: RouteParams, posted?: FlatForm) {
    const { organisations } = await this.users.scope(ctx);
    return { organisations: roleMatrix(organisations, postedRoles(posted) ?? []) };
  }
}

/** `/admin/users/:id`: one user, their roles in the admin's organisations, and the account's buttons. */
@Injectable()
export class UserPage implements PageBuilder {
  constructor(private readonly users: UsersService) {}

  async build(ctx: UserContext, params: RouteParams, posted?: FlatForm) {
    const [managed, scope] = await Promise.all([
      this.users.get(ctx, parseId(params.id, 'id')),
      this.users.scope(ctx),
    ]);
    return {
      managed,
      isSelf: managed.user.id === ctx.user.id,
      organisations: roleMatrix(scope.organisations, postedRoles(posted) ?? managed.grants),
    };
  }
}
