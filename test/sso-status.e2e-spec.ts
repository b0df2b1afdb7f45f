import { createServer } from 'node:net';
import { DataSource } from 'typeorm';
import { User } from '../src/accounts/entities/user.entity';
import { Role } from '../src/accounts/role';
import { IdentityProvider } from '../src/accounts/sso/entities/identity-provider.entity';
import { SsoSettingsService } from '../src/accounts/sso/sso-settings.service';
import { AuditEvent } from '../src/audit/entities/audit-event.entity';
import { seal, secretsKey } from '../src/common/secrets/secret-box';
import { operatorContext } from '../src/common/request-context';
import type { Organisation } from '../src/organisations/entities/organisation.entity';
import { Browser } from './support/browser';
import { makeOrganisation, makeUser } from './support/factories';
import { signInThroughProvider, startTestProvider, TestProvider } from './support/oidc';
import { startTestApp, TestApp } from './support/test-app';

const SECRET = 'a-client-secret-for-tests-only';

/** A local port that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * The organisation's own sign-in as its admin sees it, and its client secret kept sealed: the settings without the secret, recent
 * refusals, and a connection check against a real OpenID provider, an impostor and a closed port.
 */
describe('The organisation’s sign-in, for its admin', () => {
  let t: TestApp;
  let ds: DataSource;
  let provider: TestProvider;
  let org: Organisation;
  let other: Organisation;
  let admin: Browser;
  const page = (o: Organisation = org) => `/admin/organisations/${o.id}/sign-in`;
  const check = (o: Organisation = org) => `${page(o)}/check`;
  const configure = (o: Organisation, issuer: string, extra: Record<string, string> = {}) =>
    t.app.get(SsoSettingsService).configure(operatorContext(), {
      organisation: o.name,
      issuer,
      clientId: 'waarborg',
      clientSecret: SECRET,
      ...extra,
    });

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.dataSource;
    org = await makeOrganisation(ds, 'Gemeente Inlog');
    other = await makeOrganisation(ds, 'Gemeente Elders');
    admin = new Browser(t.url);
    await admin.login((await makeUser(ds, { roles: [[org, Role.Admin]] })).email);
    provider = await startTestProvider({
      accounts: { kantine: { email: 'kantine@inlog.example', groups: ['kantine'] } },
      redirectUris: [`${t.url}/login/sso/${org.slug}/callback`],
    });
  }, 60_000);
  afterAll(async () => {
    await provider?.stop();
    await t?.close();
  });

  it('says so when the organisation has no provider, and has nothing to check', async () => {
    const res = await admin.get(page()).expect(200);
    expect(res.text).toContain('heeft geen eigen inlogdienst ingesteld');
    expect((await admin.post(check(), {}, page())).status).toBe(404);
  });

  it('shows the settings the operator made, never the client secret', async () => {
    await configure(org, provider.issuer, {
      roleClaim: 'groups',
      roles: 'ai-indieners=proposer;ethiek=reviewer+secretary',
    });
    const res = await admin.get(page()).expect(200);
    expect(res.text).toContain(provider.issuer);
    expect(res.text).toContain('>waarborg<');
    expect(res.text).toContain(`href="/login/sso/${org.slug}"`);
    expect(res.text).toMatch(
      /<td class="utrecht-table__cell">ethiek<\/td><td [^>]*>Toetser, Commissiesecretaris</,
    );
    expect(res.text).not.toContain(SECRET);
    expect((await admin.get('/dashboard').expect(200)).text).toContain(`href="${page()}"`);
  });

  it('checks the connection now and shows the provider’s endpoints', async () => {
    const res = await admin.post(check(), {}, page());
    expect(res.status).toBe(200);
    expect(res.text).toContain('De inlogdienst antwoordt en noemt de ingestelde uitgever.');
    expect(res.text).toContain(`${provider.url}/auth`);
    expect(res.text).not.toContain(SECRET);
  });

  it('names the problem when the provider cannot be reached or claims another issuer', async () => {
    await configure(org, `http://127.0.0.1:${await closedPort()}`);
    let res = await admin.post(check(), {}, page());
    expect(res.status).toBe(200);
    expect(res.text).toContain('Waarborg kon de inlogdienst niet bereiken');
    expect(res.text).toContain('ECONNREFUSED');

    const impostor = await startTestProvider({
      accounts: {},
      redirectUris: [`${t.url}/login/sso/${org.slug}/callback`],
      issuerHost: 'localhost',
    });
    try {
      await configure(org, impostor.url);
      res = await admin.post(check(), {}, page());
      expect(res.text).toContain('noemt een andere uitgever dan is ingesteld');
    } finally {
      await impostor.stop();
    }
  });

  it('lists recent refused sign-ins in words', async () => {
    await configure(org, provider.issuer, { roleClaim: 'groups', roles: 'ai-indieners=proposer' });
    await provider.signInAs('kantine');
    expect((await signInThroughProvider(t.url, org.slug)).status).toBe(403);
    const res = await admin.get(page()).expect(200);
    expect(res.text).toContain('de persoon heeft geen rol in deze organisatie');
  });

  it('keeps another organisation’s sign-in from its admin, from reviewers, and lets the operator in', async () => {
    await configure(other, provider.issuer);
    await admin.get(page(other)).expect(404);
    expect((await admin.post(check(other), {}, page())).status).toBe(404);
    // Admin elsewhere and reviewer here: reviewing gives no view of the sign-in.
    const mixed = new Browser(t.url);
    await mixed.login(
      (
        await makeUser(ds, {
          roles: [
            [other, Role.Admin],
            [org, Role.Reviewer],
          ],
        })
      ).email,
    );
    await mixed.get(page()).expect(404);
    const reviewer = new Browser(t.url);
    await reviewer.login((await makeUser(ds, { roles: [[org, Role.Reviewer]] })).email);
    await reviewer.get(page()).expect(403);
    const operatorUser = await makeUser(ds);
    await ds.getRepository(User).update({ id: operatorUser.id }, { isOperator: true });
    const operator = new Browser(t.url);
    await operator.login(operatorUser.email);
    expect((await operator.get(page(other)).expect(200)).text).toContain(provider.issuer);
  });

  describe('the client secret, kept sealed', () => {
    const stored = async () =>
      (await ds.getRepository(IdentityProvider).findOneByOrFail({ organisationId: org.id }))
        .clientSecret;
    const signInWorksAgain = async () => {
      await configure(org, provider.issuer, {
        roleClaim: 'groups',
        roles: 'ai-indieners=proposer',
      });
      await provider.signInAs('kantine');
    };

    it('is stored sealed, and signing in still opens it', async () => {
      await signInWorksAgain();
      const value = await stored();
      expect(value).toMatch(/^sealed:v1:/);
      expect(value).not.toContain(SECRET);
      // The provider refuses a wrong client secret at the token endpoint: getting as far as the
      // role check proves the opened secret was right.
      expect((await signInThroughProvider(t.url, org.slug)).status).toBe(403);
    });

    it('seals a secret stored in plain before sealing existed, at the next start of the server', async () => {
      await ds
        .getRepository(IdentityProvider)
        .update({ organisationId: org.id }, { clientSecret: SECRET });
      await t.app.get(SsoSettingsService).sealStoredSecrets();
      expect(await stored()).toMatch(/^sealed:v1:/);
      expect(await stored()).not.toContain(SECRET);
    });

    it('refuses sign-in with a message, and warns the admin, when the secret was sealed under another SESSION_SECRET', async () => {
      await ds
        .getRepository(IdentityProvider)
        .update({ organisationId: org.id }, { clientSecret: seal(SECRET, secretsKey('elders')) });
      const result = await signInThroughProvider(t.url, org.slug);
      expect(result.status).toBe(401);
      expect(result.body).toContain('kan de instelling ervan niet lezen');
      const event = await ds.getRepository(AuditEvent).findOneOrFail({
        where: { action: 'auth.login', organisationId: org.id },
        order: { seq: 'DESC' },
      });
      expect(event.details).toMatchObject({ via: 'sso', reason: 'secret_unreadable' });
      const res = await admin.get(page()).expect(200);
      expect(res.text).toContain('id="secret-unreadable"');
      expect(res.text).toContain('het clientgeheim kon niet gelezen worden');
      await signInWorksAgain();
      expect((await admin.get(page()).expect(200)).text).not.toContain('id="secret-unreadable"');
    });
  });
});
