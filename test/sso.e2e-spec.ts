import { DataSource } from 'typeorm';
import { Membership } from '../src/accounts/entities/membership.entity';
import { User } from '../src/accounts/entities/user.entity';
import { Role } from '../src/accounts/role';
import { ExternalIdentity } from '../src/accounts/sso/entities/external-identity.entity';
import { SsoSettingsService } from '../src/accounts/sso/sso-settings.service';
import { AuditEvent } from '../src/audit/entities/audit-event.entity';
import { DomainError } from '../src/common/errors/domain-error';
import { operatorContext } from '../src/common/request-context';
import type { Organisation } from '../src/organisations/entities/organisation.entity';
import { Browser } from './support/browser';
import { makeOrganisation, makeUser } from './support/factories';
import { signInThroughProvider, startTestProvider, TestProvider } from './support/oidc';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Sign-in with the organisation's own identity provider, against a real OpenID provider (the
 * `oidc-provider` package) on a local port: the happy paths, and each way a sign-in must fail.
 */
describe('Sign-in with the organisation’s identity provider (OIDC)', () => {
  let t: TestApp;
  let ds: DataSource;
  let provider: TestProvider;
  let groningen: Organisation;
  let rotterdam: Organisation;

  const accounts = {
    anna: { email: 'Anna@Groningen.example', email_verified: true, name: 'Anna de Vries' },
    bram: {
      email: 'bram@groningen.example',
      name: 'Bram Bakker',
      groups: ['ai-indieners', 'ethiek'],
    },
    geen: { email: 'geen-rol@groningen.example', groups: ['kantine'] },
    rob: { email: 'rob@rotterdam.example', groups: ['ai-indieners'] },
    beheer: { email: 'beheer@waarborg.example', groups: ['ai-indieners'] },
    tweede: { email: 'anna@groningen.example', groups: ['ai-indieners'] },
    onbevestigd: {
      email: 'nieuw@groningen.example',
      email_verified: false,
      groups: ['ai-indieners'],
    },
    zonderadres: { name: 'Zonder Adres', groups: ['ai-indieners'] },
  };

  const configure = (org: Organisation, extra: Record<string, string> = {}) =>
    t.app.get(SsoSettingsService).configure(operatorContext(), {
      organisation: org.name,
      issuer: provider.issuer,
      clientId: 'waarborg',
      clientSecret: 'a-client-secret-for-tests-only',
      ...extra,
    });

  const signIn = async (account: keyof typeof accounts, org = groningen) => {
    await provider.signInAs(account);
    return signInThroughProvider(t.url, org.slug);
  };

  const lastLoginEvent = () =>
    ds.getRepository(AuditEvent).findOneOrFail({
      where: { action: 'auth.login' },
      order: { seq: 'DESC' },
    });

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.dataSource;
    groningen = await makeOrganisation(ds, 'Gemeente Groningen');
    rotterdam = await makeOrganisation(ds, 'Gemeente Rotterdam');
    provider = await startTestProvider({
      accounts,
      redirectUris: [groningen, rotterdam].map((o) => `${t.url}/login/sso/${o.slug}/callback`),
    });
  }, 60_000);
  afterAll(async () => {
    await provider?.stop();
    await t?.close();
  });

  describe('without a role claim: existing accounts only', () => {
    beforeAll(() => configure(groningen));

    it('offers the organisation on the login page', async () => {
      const page = await fetch(`${t.url}/login?next=/werk`);
      const link = `href="/login/sso/${groningen.slug}?next&#x3D;%2Fwerk">Inloggen met uw account van Gemeente Groningen</a>`;
      expect(await page.text()).toContain(link);
      // A refused password comes back on the whole page, the way in through the provider included.
      const browser = new Browser(t.url);
      const refused = await browser.post('/login', {
        email: 'niemand@groningen.example',
        password: 'fout',
        next: '/werk',
      });
      expect(refused.status).toBe(401);
      expect(refused.text).toContain(link);
    });

    it('logs in someone who has a role there, binds their subject, and audits it', async () => {
      const anna = await makeUser(ds, {
        email: 'anna@groningen.example',
        name: 'Anna de Vries',
        roles: [[groningen, Role.Proposer]],
      });
      const result = await signIn('anna');
      expect(result).toMatchObject({ status: 303, location: '/dashboard' });
      const dashboard = await result.get('/dashboard');
      expect(dashboard.status).toBe(200);
      expect(await dashboard.text()).toContain('Anna de Vries');
      expect(await ds.getRepository(ExternalIdentity).findBy({ userId: anna.id })).toEqual([
        expect.objectContaining({ issuer: provider.issuer, subject: 'anna' }),
      ]);
      expect(await lastLoginEvent()).toMatchObject({
        actorUserId: anna.id,
        organisationId: groningen.id,
        result: 'success',
        details: { via: 'sso', issuer: provider.issuer },
      });
    });

    it('refuses someone the provider knows but Waarborg gives no role, creating no account', async () => {
      const result = await signIn('geen');
      expect(result.status).toBe(403);
      expect(result.body).toContain('u hebt geen rol in Waarborg');
      expect(await ds.getRepository(User).existsBy({ email: 'geen-rol@groningen.example' })).toBe(
        false,
      );
      expect(await lastLoginEvent()).toMatchObject({
        result: 'refused',
        organisationId: groningen.id,
        details: { reason: 'no_role' },
      });
    });

    it('works once: the same return from the provider a second time is refused', async () => {
      const first = await signIn('anna');
      expect(first.status).toBe(303);
      const again = await first.get(first.callbackUrl!);
      expect(again.status).toBe(401);
      expect(await again.text()).toContain('verlopen of al gebruikt');
      expect(await lastLoginEvent()).toMatchObject({
        result: 'refused',
        details: { reason: 'state' },
      });
    });

    it('refuses a return that no sign-in started in this browser', async () => {
      const first = await signIn('anna');
      const stranger = await fetch(first.callbackUrl!, { redirect: 'manual' });
      expect(stranger.status).toBe(401);
      expect(stranger.headers.get('set-cookie') ?? '').not.toMatch(/waarborg_session=[^;]+;.*/i);
    });

    it('refuses an expired ID token', async () => {
      await provider.idTokenTtl(-300);
      try {
        const result = await signIn('anna');
        expect(result.status).toBe(401);
        expect(result.body).toContain('geen geldig bewijs');
        expect(await lastLoginEvent()).toMatchObject({
          result: 'refused',
          details: { reason: 'token' },
        });
      } finally {
        await provider.idTokenTtl(3600);
      }
    });
  });

  describe('with a role claim', () => {
    beforeAll(() =>
      configure(groningen, {
        roleClaim: 'groups',
        roles: 'ai-indieners=proposer;ethiek=reviewer+secretary',
        scopes: 'openid email profile groups',
      }),
    );

    it('creates the account with the mapped roles in this organisation only, and follows the claim later', async () => {
      const result = await signIn('bram');
      expect(result).toMatchObject({ status: 303, location: '/dashboard' });
      const bram = await ds.getRepository(User).findOneOrFail({
        where: { email: 'bram@groningen.example' },
        relations: { memberships: true },
      });
      expect(bram.name).toBe('Bram Bakker');
      expect(bram.memberships.map((m) => [m.organisationId, m.role]).sort()).toEqual([
        [groningen.id, Role.Proposer],
        [groningen.id, Role.Reviewer],
        [groningen.id, Role.Secretary],
      ]);
      // Given a secretary role by hand in Waarborg, without the claim: the claim wins.
      await ds.getRepository(Membership).delete({ userId: bram.id, role: Role.Proposer });
      expect((await signIn('bram')).status).toBe(303);
      const roles = await ds.getRepository(Membership).findBy({ userId: bram.id });
      expect(roles.map((m) => m.role).sort()).toEqual([
        Role.Proposer,
        Role.Reviewer,
        Role.Secretary,
      ]);
    });

    it('refuses a claim that maps to no role', async () => {
      const result = await signIn('geen');
      expect(result.status).toBe(403);
      expect(await ds.getRepository(User).existsBy({ email: 'geen-rol@groningen.example' })).toBe(
        false,
      );
    });

    it('never signs in someone who holds a role in another organisation, nor the operator', async () => {
      const rob = await makeUser(ds, {
        email: 'rob@rotterdam.example',
        roles: [[rotterdam, Role.Secretary]],
      });
      const robResult = await signIn('rob');
      expect(robResult.status).toBe(403);
      expect(robResult.body).toContain('ook rollen buiten deze organisatie');
      expect(await ds.getRepository(Membership).findBy({ userId: rob.id })).toEqual([
        expect.objectContaining({ organisationId: rotterdam.id, role: Role.Secretary }),
      ]);
      const operator = await makeUser(ds, { email: 'beheer@waarborg.example' });
      await ds.getRepository(User).update(operator.id, { isOperator: true });
      expect((await signIn('beheer')).status).toBe(403);
      expect(await ds.getRepository(Membership).countBy({ userId: operator.id })).toBe(0);
    });

    it('keeps an account bound to the person who first signed in with it', async () => {
      // "tweede" is another person at the provider now claiming Anna's address.
      const result = await signIn('tweede');
      expect(result.status).toBe(403);
      expect(result.body).toContain('al bij een ander account');
    });

    it('refuses an address the provider says is not confirmed, and no address at all', async () => {
      const unconfirmed = await signIn('onbevestigd');
      expect(unconfirmed.status).toBe(401);
      expect(unconfirmed.body).toContain('niet bevestigd');
      const none = await signIn('zonderadres');
      expect(none.status).toBe(401);
      expect(none.body).toContain('geen e-mailadres');
    });
  });

  it('refuses a provider whose discovery names another issuer than the one configured', async () => {
    const impostor = await startTestProvider({
      accounts,
      redirectUris: [`${t.url}/login/sso/${rotterdam.slug}/callback`],
      issuerHost: 'localhost',
    });
    try {
      await t.app.get(SsoSettingsService).configure(operatorContext(), {
        organisation: rotterdam.name,
        issuer: impostor.url,
        clientId: 'waarborg',
        clientSecret: 'a-client-secret-for-tests-only',
      });
      await impostor.signInAs('rob');
      const result = await signInThroughProvider(t.url, rotterdam.slug);
      expect(result.status).toBe(401);
      expect(result.body).toContain('niet bereikbaar of niet goed ingesteld');
      expect(await lastLoginEvent()).toMatchObject({
        result: 'refused',
        organisationId: rotterdam.id,
        details: { reason: 'provider_unreachable' },
      });
    } finally {
      await impostor.stop();
    }
  });

  it('refuses settings that would weaken the sign-in, naming the field', async () => {
    const attempt = (extra: Record<string, string>) =>
      configure(rotterdam, extra).then(
        () => null,
        (err: DomainError) => (err.details as { field: string }[])[0].field,
      );
    expect(await attempt({ issuer: 'http://idp.rotterdam.example' })).toBe('issuer');
    expect(await attempt({ roleClaim: 'groups', roles: 'x=god' })).toBe('roles');
    expect(await attempt({ roleClaim: 'groups' })).toBe('roles');
    expect(await attempt({ roles: 'x=proposer' })).toBe('roleClaim');
    expect(await attempt({ organisation: 'Gemeente Nergens' })).toBe('organisation');
  });
});
