import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { DomainError, fieldError } from '../../common/errors/domain-error';
import type { RequestContext, UserContext } from '../../common/request-context';
import { createOrganisation } from '../../organisations/organisation-names';
import { Organisation } from '../../organisations/entities/organisation.entity';
import { AuthUser, organisationsWithRole } from '../auth/auth-user';
import { normaliseEmail } from '../auth/auth.service';
import { CreateAdminDto } from '../dto/create-admin.dto';
import { CreateUserDto } from '../dto/user.dto';
import { Membership } from '../entities/membership.entity';
import { Session } from '../entities/session.entity';
import { User } from '../entities/user.entity';
import { hashPassword } from '../password-hasher';
import { Role } from '../role';

export interface ManagedUser {
  user: User;
  /** The user's roles in the organisations the admin manages, as `orgId:role`. */
  grants: string[];
}

export interface AdminScope {
  organisations: Organisation[];
}

const grant = (m: { organisationId: number; role: string }) => `${m.organisationId}:${m.role}`;

/**
 * User administration. An admin manages the users who hold a role in an organisation where they
 * are admin, and only those roles; any other user is "not found" to them.
 */
@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async scope({ user: admin }: UserContext): Promise<AdminScope> {
    const ids = organisationsWithRole(admin, Role.Admin);
    const organisations = await this.dataSource
      .getRepository(Organisation)
      .find({ where: { id: In(ids) }, order: { name: 'ASC' } });
    return { organisations };
  }

  async list({ user: admin }: UserContext): Promise<ManagedUser[]> {
    const orgIds = organisationsWithRole(admin, Role.Admin);
    const memberships = await this.dataSource.getRepository(Membership).find({
      where: { organisationId: In(orgIds) },
      relations: { user: true },
    });
    const byUser = new Map<number, ManagedUser>();
    for (const m of memberships) {
      const entry = byUser.get(m.userId) ?? { user: m.user, grants: [] };
      entry.grants.push(grant(m));
      byUser.set(m.userId, entry);
    }
    return [...byUser.values()].sort((a, b) => a.user.name.localeCompare(b.user.name));
  }

  async get({ user: admin }: UserContext, userId: number): Promise<ManagedUser> {
    const orgIds = organisationsWithRole(admin, Role.Admin);
    const user = await this.dataSource
      .getRepository(User)
      .findOne({ where: { id: userId }, relations: { memberships: true } });
    const grants = (user?.memberships ?? [])
      .filter((m) => orgIds.includes(m.organisationId))
      .map(grant);
    if (!user || grants.length === 0) throw new DomainError('NOT_FOUND');
    return { user, grants };
  }

  async create(
    ctx: UserContext,
    dto: CreateUserDto,
  ): Promise<{ user: User; temporaryPassword: string }> {
    const grants = this.allowedGrants(ctx.user, dto.roles);
    if (grants.length === 0) throw fieldError('roles', 'validation.roles.required');
    const email = normaliseEmail(dto.email);
    const temporaryPassword = newTemporaryPassword();
    const passwordHash = await hashPassword(temporaryPassword);
    const user = await this.dataSource.transaction(async (em) => {
      if (await em.existsBy(User, { email })) throw fieldError('email', 'validation.email.taken');
      const created = await em.save(
        em.create(User, { email, name: dto.name.trim(), passwordHash, mustChangePassword: true }),
      );
      await em.save(
        grants.map((g) => em.create(Membership, { userId: created.id, ...parseGrant(g) })),
      );
      await this.recordForEachOrganisation(em, ctx, 'user.create', created.id, grants, {
        roles: grants,
      });
      return created;
    });
    return { user, temporaryPassword };
  }

  /**
   * An organisation's first admin, made by the operator at the command line (`npm run
   * admin:create`), since a new instance has no one who could make them on a page. The
   * organisation is added when it does not exist yet; the user must be new.
   */
  async createAdmin(
    ctx: RequestContext,
    dto: CreateAdminDto,
  ): Promise<{ user: User; organisation: Organisation; temporaryPassword: string }> {
    const email = normaliseEmail(dto.email);
    const temporaryPassword = newTemporaryPassword();
    const passwordHash = await hashPassword(temporaryPassword);
    return this.dataSource.transaction(async (em) => {
      if (await em.existsBy(User, { email })) throw fieldError('email', 'validation.email.taken');
      const name = dto.organisation.trim();
      const organisation =
        (await em.findOneBy(Organisation, { name })) ??
        (await createOrganisation(
          em,
          name,
          new Set((await em.find(Organisation, { select: { slug: true } })).map((o) => o.slug)),
        ));
      const user = await em.save(
        em.create(User, { email, name: dto.name.trim(), passwordHash, mustChangePassword: true }),
      );
      await em.save(
        em.create(Membership, {
          userId: user.id,
          organisationId: organisation.id,
          role: Role.Admin,
        }),
      );
      await this.audit.record(em, ctx, {
        action: 'user.create',
        objectType: 'user',
        objectId: user.id,
        organisationId: organisation.id,
        result: 'success',
        details: { roles: [`${organisation.id}:${Role.Admin}`] },
      });
      return { user, organisation, temporaryPassword };
    });
  }

  /** Replaces the user's roles in the admin's organisations with the given ones. */
  async setRoles(ctx: UserContext, userId: number, requested: string[]): Promise<void> {
    const admin = ctx.user;
    const current = await this.get(ctx, userId);
    const wanted = this.allowedGrants(admin, requested);
    const added = wanted.filter((g) => !current.grants.includes(g));
    const removed = current.grants.filter((g) => !wanted.includes(g));
    if (userId === admin.id && removed.some((g) => g.endsWith(`:${Role.Admin}`))) {
      throw fieldError('roles', 'validation.roles.ownAdmin');
    }
    if (added.length === 0 && removed.length === 0) return;
    await this.dataSource.transaction(async (em) => {
      for (const g of removed) await em.delete(Membership, { userId, ...parseGrant(g) });
      if (added.length)
        await em.save(added.map((g) => em.create(Membership, { userId, ...parseGrant(g) })));
      await this.recordForEachOrganisation(
        em,
        ctx,
        'user.roles_change',
        userId,
        [...added, ...removed],
        { added, removed },
      );
    });
  }

  /** Disabling also ends every session of the user; their API tokens stop working with the account. */
  async setDisabled(ctx: UserContext, userId: number, disabled: boolean): Promise<void> {
    const { grants } = await this.get(ctx, userId);
    if (userId === ctx.user.id && disabled)
      throw new DomainError('BAD_REQUEST', 'admin.users.cannotDisableSelf');
    await this.dataSource.transaction(async (em) => {
      await em.update(User, { id: userId }, { disabled });
      if (disabled) await em.delete(Session, { userId });
      await this.recordForEachOrganisation(
        em,
        ctx,
        disabled ? 'user.disable' : 'user.enable',
        userId,
        grants,
      );
    });
  }

  /** A new temporary password, to be changed at the next login; current sessions end. */
  async resetPassword(
    ctx: UserContext,
    userId: number,
  ): Promise<{ user: User; temporaryPassword: string }> {
    const { user, grants } = await this.get(ctx, userId);
    // A reset ends every session of the user: for oneself, the account page changes the password.
    if (userId === ctx.user.id) throw new DomainError('BAD_REQUEST', 'admin.users.cannotResetSelf');
    const temporaryPassword = newTemporaryPassword();
    const passwordHash = await hashPassword(temporaryPassword);
    await this.dataSource.transaction(async (em) => {
      await em.update(User, { id: userId }, { passwordHash, mustChangePassword: true });
      await em.delete(Session, { userId });
      await this.recordForEachOrganisation(em, ctx, 'user.password_reset', userId, grants);
    });
    return { user, temporaryPassword };
  }

  /** Only roles in organisations the admin manages count; anything else in the request is ignored. */
  private allowedGrants(admin: AuthUser, requested: string[]): string[] {
    const orgIds = organisationsWithRole(admin, Role.Admin);
    const foreign = requested.filter((g) => !orgIds.includes(parseGrant(g).organisationId));
    if (foreign.length) throw fieldError('roles', 'validation.roles.foreignOrganisation');
    return [...new Set(requested)];
  }

  /** One event per organisation involved, so each organisation's trail is complete on its own. */
  private async recordForEachOrganisation(
    em: EntityManager,
    ctx: UserContext,
    action: string,
    userId: number,
    grants: string[],
    details?: Record<string, unknown>,
  ): Promise<void> {
    for (const organisationId of new Set(grants.map((g) => parseGrant(g).organisationId))) {
      await this.audit.record(em, ctx, {
        action,
        objectType: 'user',
        objectId: userId,
        actorRole: Role.Admin,
        organisationId,
        result: 'success',
        details,
      });
    }
  }
}

function parseGrant(value: string): { organisationId: number; role: Role } {
  const [org, role] = value.split(':');
  return { organisationId: Number(org), role: role as Role };
}

/** 20 random characters: well past the policy's minimum and on no common list. */
function newTemporaryPassword(): string {
  return randomBytes(15).toString('base64url');
}
