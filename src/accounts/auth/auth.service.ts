import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DataSource, IsNull, MoreThan } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { DomainError } from '../../common/errors/domain-error';
import type { RequestContext, UserContext } from '../../common/request-context';
import { ApiToken } from '../entities/api-token.entity';
import { User } from '../entities/user.entity';
import { hashPassword, verifyPassword } from '../password-hasher';
import { Role } from '../role';
import { themeRefOf } from '../../organisations/theme-ref';
import type { AuthUser } from './auth-user';
import { LoginThrottleService } from './login-throttle.service';

// Verified against when the e-mail is unknown, so a wrong e-mail takes as long as a wrong password.
let dummyHash: Promise<string> | undefined;
const timingEqualiser = () => (dummyHash ??= hashPassword('waarborg-timing-equaliser'));

// Writing "last used" on every API call would turn reads into writes.
const TOKEN_TOUCH_INTERVAL_MS = 60_000;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

@Injectable()
export class AuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly throttle: LoginThrottleService,
  ) {}

  /** The user a request acts for: a Bearer token on the API, otherwise the session. */
  async authenticate(request: FastifyRequest): Promise<AuthUser | null> {
    const header = request.headers.authorization;
    if (header && request.url.startsWith('/api/')) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) throw new DomainError('UNAUTHENTICATED', 'auth.token.invalid');
      return this.authenticateToken(match[1]);
    }
    const userId = request.session?.get('userId');
    if (!userId) return null;
    const user = await this.loadUser(userId);
    // A disabled user's sessions are deleted, but a request may already be under way.
    return user && !user.disabled ? toAuthUser(user, 'session') : null;
  }

  private async authenticateToken(token: string): Promise<AuthUser> {
    const repo = this.dataSource.getRepository(ApiToken);
    const now = new Date();
    const row = await repo.findOneBy({
      tokenHash: tokenHash(token),
      revokedAt: IsNull(),
      expiresAt: MoreThan(now),
    });
    const user = row ? await this.loadUser(row.userId) : null;
    if (!row || !user || user.disabled)
      throw new DomainError('UNAUTHENTICATED', 'auth.token.invalid');
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOKEN_TOUCH_INTERVAL_MS) {
      await repo.update({ id: row.id }, { lastUsedAt: now });
    }
    return toAuthUser(user, 'token');
  }

  loadUser(id: number): Promise<User | null> {
    return this.dataSource.getRepository(User).findOne({
      where: { id },
      // With each organisation's theme (not its logo), for the pages the user sees.
      relations: { memberships: { organisation: { theme: true } } },
    });
  }

  /**
   * Checks an e-mail and password. Every outcome is audited. Each attempt is counted per account
   * and address before the password is checked, and once over the limit the password is not
   * even checked. The messages never tell whether the e-mail exists.
   */
  async login(ctx: RequestContext, emailInput: string, password: string): Promise<User> {
    const email = normaliseEmail(emailInput);
    // A login comes over HTTP, so its context has the client's address.
    const attempt = await this.throttle.count(email, ctx.address!);
    if (attempt.blocked) {
      await this.dataSource.transaction((em) =>
        this.audit.record(em, ctx, {
          action: 'auth.login',
          objectType: 'user',
          actorUserId: null,
          result: 'refused',
          details: { reason: 'throttled' },
        }),
      );
      throw new DomainError('TOO_MANY_REQUESTS', 'auth.login.throttled');
    }
    const user = await this.dataSource.getRepository(User).findOneBy({ email });
    const valid = await verifyPassword(user?.passwordHash ?? (await timingEqualiser()), password);
    if (!user || !valid) {
      await this.dataSource.transaction((em) =>
        this.audit.record(em, ctx, {
          action: 'auth.login',
          objectType: 'user',
          objectId: user?.id,
          actorUserId: user?.id ?? null,
          result: 'failure',
          details: { reason: 'bad_credentials' },
        }),
      );
      throw new DomainError('UNAUTHENTICATED', 'auth.login.failed');
    }
    if (user.disabled) {
      await this.dataSource.transaction(async (em) => {
        await this.throttle.withdrawn(em, attempt);
        await this.audit.record(em, ctx, {
          action: 'auth.login',
          objectType: 'user',
          objectId: user.id,
          actorUserId: user.id,
          result: 'refused',
          details: { reason: 'disabled' },
        });
      });
      throw new DomainError('FORBIDDEN', 'auth.login.disabled');
    }
    await this.dataSource.transaction(async (em) => {
      await this.throttle.succeeded(em, attempt);
      await this.audit.record(em, ctx, {
        action: 'auth.login',
        objectType: 'user',
        objectId: user.id,
        actorUserId: user.id,
        result: 'success',
      });
    });
    return user;
  }

  async recordLogout(ctx: UserContext): Promise<void> {
    await this.dataSource.transaction((em) =>
      this.audit.record(em, ctx, {
        action: 'auth.logout',
        objectType: 'user',
        objectId: ctx.user.id,
        result: 'success',
      }),
    );
  }
}

export function toAuthUser(user: User, via: AuthUser['via']): AuthUser {
  const organisations = new Map(
    (user.memberships ?? []).map((m) => [m.organisationId, m.organisation]),
  );
  // One organisation's staff see its theme; someone working for several sees Waarborg's own.
  const [only] = organisations.size === 1 ? [...organisations.values()] : [];
  return {
    ...(only?.theme ? { theme: themeRefOf({ ...only.theme, organisation: only }) } : {}),
    id: user.id,
    email: user.email,
    name: user.name,
    mustChangePassword: user.mustChangePassword,
    operator: user.isOperator,
    via,
    memberships: (user.memberships ?? [])
      .map((m) => ({
        organisationId: m.organisationId,
        organisationName: m.organisation.name,
        role: m.role as Role,
      }))
      .sort(
        (a, b) =>
          a.organisationName.localeCompare(b.organisationName) || a.role.localeCompare(b.role),
      ),
  };
}
