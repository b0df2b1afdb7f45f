import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { DomainError } from '../../common/errors/domain-error';
import type { RequestContext } from '../../common/request-context';
import { SecretBox, SecretUnreadableError } from '../../common/secrets/secret-box';
import { Organisation } from '../../organisations/entities/organisation.entity';
import { normaliseEmail } from '../auth/auth.service';
import { Membership } from '../entities/membership.entity';
import { User } from '../entities/user.entity';
import { hashPassword } from '../password-hasher';
import { Role, ROLES } from '../role';
import { ExternalIdentity } from './entities/external-identity.entity';
import { IdentityProvider } from './entities/identity-provider.entity';
import { oidc, providerConfiguration } from './oidc-client';

/** What the session keeps between sending someone to their provider and their return. */
export interface PendingSignIn {
  organisation: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  next?: string;
}

/** Why a sign-in through a provider was refused, as audited. */
type Refusal =
  | 'provider_unreachable'
  | 'secret_unreadable'
  | 'state'
  | 'token'
  | 'no_email'
  | 'email_unverified'
  | 'other_organisations'
  | 'another_person'
  | 'disabled'
  | 'no_role';

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/**
 * Sign-in with an organisation's own identity provider: the authorization code flow with PKCE,
 * state and nonce, the ID token checked by openid-client. A provider speaks for its own
 * organisation only: it signs in people whose roles are all in that organisation (never the
 * operator, never someone who also works elsewhere: they use their password), and its role claim
 * sets their roles there and nowhere else.
 */
@Injectable()
export class SsoService {
  private readonly log = new Logger(SsoService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly secrets: SecretBox,
  ) {}

  /** The organisations whose people may sign in with their own accounts, for the login page. */
  async organisations(): Promise<{ name: string; slug: string }[]> {
    const providers = await this.dataSource.getRepository(IdentityProvider).find({
      relations: { organisation: true },
    });
    return providers
      .map((p) => ({ name: p.organisation.name, slug: p.organisation.slug }))
      .sort((a, b) => a.name.localeCompare(b.name, 'nl'));
  }

  /** Where to send the person, and what to keep until they come back. */
  async start(
    ctx: RequestContext,
    slug: string,
    redirectUri: string,
  ): Promise<{ url: string; pending: PendingSignIn }> {
    const provider = await this.provider(slug);
    const config = await this.configuration(ctx, provider);
    const pending: PendingSignIn = {
      organisation: slug,
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
    };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: provider.scopes,
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, pending };
  }

  /**
   * The person came back from their provider (`callbackUrl` is the full URL they came back on).
   * `pending` is what start() gave, taken out of the session before this is called, so a callback
   * works once. Returns the account to log in, after binding or creating it.
   */
  async finish(
    ctx: RequestContext,
    slug: string,
    pending: PendingSignIn | undefined,
    callbackUrl: URL,
  ): Promise<User> {
    const provider = await this.provider(slug);
    if (!pending || pending.organisation !== slug) return this.refuse(ctx, provider, 'state');
    const config = await this.configuration(ctx, provider);
    let claims: oidc.IDToken | undefined;
    try {
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
    } catch (err) {
      this.log.warn(`Sign-in through ${provider.issuer} refused: ${(err as Error).message}`);
      return this.refuse(ctx, provider, 'token', { problem: (err as Error).message });
    }
    if (!claims) return this.refuse(ctx, provider, 'token');
    const rawEmail = claims[provider.emailClaim];
    if (typeof rawEmail !== 'string' || !EMAIL.test(rawEmail.trim()))
      return this.refuse(ctx, provider, 'no_email');
    if (claims.email_verified === false) return this.refuse(ctx, provider, 'email_unverified');
    const email = normaliseEmail(rawEmail);
    const claimedRoles = provider.roleClaim
      ? mappedRoles(claims[provider.roleClaim], provider.roleMap)
      : null;

    const outcome = await this.dataSource.transaction(async (em) => {
      const identity = await em.findOneBy(ExternalIdentity, {
        issuer: provider.issuer,
        subject: claims.sub,
      });
      let user = await em.findOne(User, {
        where: identity ? { id: identity.userId } : { email },
        relations: { memberships: true },
      });
      if (user) {
        if (
          user.isOperator ||
          user.memberships.some((m) => m.organisationId !== provider.organisationId)
        )
          return { refused: 'other_organisations' as const, userId: user.id };
        if (user.disabled) return { refused: 'disabled' as const, userId: user.id };
        // Another subject of this provider may not take over an account bound to someone else.
        if (
          !identity &&
          (await em.existsBy(ExternalIdentity, { userId: user.id, issuer: provider.issuer }))
        )
          return { refused: 'another_person' as const, userId: user.id };
      }
      const current = (user?.memberships ?? []).map((m) => m.role as Role);
      const roles = claimedRoles ?? current;
      if (roles.length === 0) return { refused: 'no_role' as const, userId: user?.id ?? null };
      if (!user) user = await this.createUser(em, ctx, provider, email, claims.name, roles);
      else if (claimedRoles) await this.syncRoles(em, ctx, provider, user, current, claimedRoles);
      if (!identity)
        await em.save(
          em.create(ExternalIdentity, {
            userId: user.id,
            issuer: provider.issuer,
            subject: claims.sub,
          }),
        );
      await this.audit.record(em, ctx, {
        action: 'auth.login',
        objectType: 'user',
        objectId: user.id,
        actorUserId: user.id,
        organisationId: provider.organisationId,
        result: 'success',
        details: { via: 'sso', issuer: provider.issuer },
      });
      return { user };
    });
    if (!outcome.user) return this.refuse(ctx, provider, outcome.refused, {}, outcome.userId);
    return outcome.user;
  }

  private async createUser(
    em: EntityManager,
    ctx: RequestContext,
    provider: IdentityProvider,
    email: string,
    name: unknown,
    roles: Role[],
  ): Promise<User> {
    // The account signs in through its provider only: its password is one nobody was ever told.
    const passwordHash = await hashPassword(randomBytes(32).toString('base64url'));
    const displayName = typeof name === 'string' && name.trim() ? name.trim().slice(0, 100) : email;
    const user = await em.save(em.create(User, { email, name: displayName, passwordHash }));
    await em.save(
      roles.map((role) =>
        em.create(Membership, { userId: user.id, organisationId: provider.organisationId, role }),
      ),
    );
    user.memberships = [];
    await this.audit.record(em, ctx, {
      action: 'user.create',
      objectType: 'user',
      objectId: user.id,
      actorUserId: null,
      organisationId: provider.organisationId,
      result: 'success',
      details: { via: 'sso', roles: roles.map((r) => `${provider.organisationId}:${r}`) },
    });
    return user;
  }

  /** The provider's role claim is the truth for this organisation's roles: added and removed. */
  private async syncRoles(
    em: EntityManager,
    ctx: RequestContext,
    provider: IdentityProvider,
    user: User,
    current: Role[],
    wanted: Role[],
  ): Promise<void> {
    const added = wanted.filter((r) => !current.includes(r));
    const removed = current.filter((r) => !wanted.includes(r));
    if (added.length === 0 && removed.length === 0) return;
    const organisationId = provider.organisationId;
    for (const role of removed)
      await em.delete(Membership, { userId: user.id, organisationId, role });
    if (added.length)
      await em.save(
        added.map((role) => em.create(Membership, { userId: user.id, organisationId, role })),
      );
    await this.audit.record(em, ctx, {
      action: 'user.roles_change',
      objectType: 'user',
      objectId: user.id,
      actorUserId: null,
      organisationId,
      result: 'success',
      details: {
        via: 'sso',
        added: added.map((r) => `${organisationId}:${r}`),
        removed: removed.map((r) => `${organisationId}:${r}`),
      },
    });
  }

  private async provider(slug: string): Promise<IdentityProvider> {
    const organisation = await this.dataSource.getRepository(Organisation).findOneBy({ slug });
    const provider =
      organisation &&
      (await this.dataSource
        .getRepository(IdentityProvider)
        .findOneBy({ organisationId: organisation.id }));
    if (!provider) throw new DomainError('NOT_FOUND');
    return provider;
  }

  private async configuration(ctx: RequestContext, provider: IdentityProvider) {
    let clientSecret: string;
    try {
      clientSecret = this.secrets.open(provider.clientSecret);
    } catch (err) {
      if (!(err instanceof SecretUnreadableError)) throw err;
      this.log.error(`${err.message}: the provider of organisation ${provider.organisationId}`);
      return this.refuse(ctx, provider, 'secret_unreadable');
    }
    try {
      return await providerConfiguration(provider, clientSecret);
    } catch (err) {
      this.log.warn(`Provider ${provider.issuer} unusable: ${(err as Error).message}`);
      return this.refuse(ctx, provider, 'provider_unreachable', {
        problem: (err as Error).message,
      });
    }
  }

  /** Audits the refusal in a transaction of its own, then throws it. */
  private async refuse(
    ctx: RequestContext,
    provider: IdentityProvider,
    reason: Refusal,
    details: Record<string, unknown> = {},
    userId: number | null = null,
  ): Promise<never> {
    await this.dataSource.transaction((em) =>
      this.audit.record(em, ctx, {
        action: 'auth.login',
        objectType: 'user',
        objectId: userId ?? undefined,
        actorUserId: userId,
        organisationId: provider.organisationId,
        result: 'refused',
        details: { via: 'sso', reason, issuer: provider.issuer, ...details },
      }),
    );
    if (['no_role', 'other_organisations', 'another_person', 'disabled'].includes(reason))
      throw new DomainError('SSO_REFUSED', `auth.sso.${reason}`);
    throw new DomainError('SSO_FAILED', `auth.sso.${reason}`);
  }
}

/** The roles the claim's values map to; a claim may be one string or a list of them. */
export function mappedRoles(claim: unknown, map: Record<string, Role[]>): Role[] {
  const values = Array.isArray(claim) ? claim : [claim];
  const roles = new Set<Role>();
  for (const value of values)
    if (typeof value === 'string' && Object.hasOwn(map, value))
      for (const role of map[value]) if (ROLES.includes(role)) roles.add(role);
  return [...roles].sort();
}
