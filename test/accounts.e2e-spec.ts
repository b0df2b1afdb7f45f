import request from 'supertest';
import { DataSource } from 'typeorm';
import { ApiToken } from '../src/accounts/entities/api-token.entity';
import { Session } from '../src/accounts/entities/session.entity';
import { User } from '../src/accounts/entities/user.entity';
import { Role } from '../src/accounts/role';
import { AuditEvent } from '../src/audit/entities/audit-event.entity';
import { Organisation } from '../src/organisations/entities/organisation.entity';
import { Browser } from './support/browser';
import { makeOrganisation, makeUser, TEST_PASSWORD } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

describe('Accounts, sessions and API tokens', () => {
  let t: TestApp;
  let ds: DataSource;
  let org: Organisation;

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.dataSource;
    org = await makeOrganisation(ds);
  });
  afterAll(() => t.close());

  const browser = () => new Browser(t.url);
  const events = (action: string) =>
    ds.getRepository(AuditEvent).find({ where: { action }, order: { seq: 'ASC' } });

  describe('login', () => {
    it('logs a user in with a new session and lands on the dashboard', async () => {
      const user = await makeUser(ds, { roles: [[org, Role.Proposer]] });
      const b = browser();
      const res = await b.login(user.email);
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/dashboard');
      const dashboard = await b.get('/dashboard').expect(200);
      expect(dashboard.text).toContain('Mijn werk');
      expect(dashboard.headers['cache-control']).toBe('no-store');
      const [login] = (await events('auth.login')).filter((e) => e.actorUserId === user.id);
      expect(login).toMatchObject({
        result: 'success',
        objectType: 'user',
        objectId: String(user.id),
      });
    });

    it('sets the session cookie HttpOnly and SameSite=Lax, and not Secure over plain HTTP', async () => {
      const user = await makeUser(ds);
      const res = await browser().login(user.email);
      const cookie = [res.headers['set-cookie']]
        .flat()
        .find((c: string) => c.startsWith('waarborg_session='));
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; SameSite=Lax/);
      expect(cookie).not.toMatch(/; Secure/);
      expect(cookie).not.toMatch(/Max-Age|Expires/);
    });

    it('answers a wrong password and an unknown e-mail alike, with 401 and the form again', async () => {
      const user = await makeUser(ds);
      const wrong = await browser().login(user.email, 'niet het goede wachtwoord');
      const unknown = await browser().login('niemand@example.org', 'niet het goede wachtwoord');
      for (const res of [wrong, unknown]) {
        expect(res.status).toBe(401);
        expect(res.text).toContain('Het e-mailadres of het wachtwoord klopt niet.');
        expect(res.text).toContain('name="email"');
        expect(res.text).not.toContain('niet het goede wachtwoord');
      }
      expect(wrong.text).toContain(`value="${user.email}"`);
      const failures = (await events('auth.login')).filter((e) => e.result === 'failure');
      expect(failures.some((e) => e.actorUserId === user.id)).toBe(true);
      expect(failures.some((e) => e.actorUserId === null)).toBe(true);
    });

    it('says which field is missing, in the language of the page', async () => {
      const nl = await browser().post('/login', { email: '', password: '' });
      expect(nl.status).toBe(400);
      expect(nl.text).toContain('Vul dit veld in.');
      expect(nl.text).toContain('href="#field-email"');
      expect(nl.text).toMatch(/id="field-email"[^>]*aria-invalid="true"/);
      const en = await browser().post('/en/login', { email: '', password: '' }, '/en/login');
      expect(en.text).toContain('Please fill in this field.');
    });

    it('refuses the sixth failed attempt within a minute with 429, even with the right password; other users are unaffected', async () => {
      const victim = await makeUser(ds);
      const other = await makeUser(ds);
      for (let i = 0; i < 5; i++)
        expect((await browser().login(victim.email, `fout-${i}-wachtwoord`)).status).toBe(401);
      const sixth = await browser().login(victim.email, TEST_PASSWORD);
      expect(sixth.status).toBe(429);
      expect(sixth.text).toContain('Te veel mislukte inlogpogingen');
      expect((await browser().login(other.email)).status).toBe(303);
    });

    it('refuses a disabled account with 403 and says so', async () => {
      const user = await makeUser(ds, { disabled: true });
      const res = await browser().login(user.email);
      expect(res.status).toBe(403);
      expect(res.text).toContain('Dit account is uitgeschakeld');
    });

    it('only follows a next address on this site', async () => {
      const user = await makeUser(ds);
      const res = await browser().post('/login', {
        email: user.email,
        password: TEST_PASSWORD,
        next: '//evil.example/x',
      });
      expect(res.headers.location).toBe('/dashboard');
      const ok = await browser().post('/login', {
        email: user.email,
        password: TEST_PASSWORD,
        next: '/account/tokens',
      });
      expect(ok.headers.location).toBe('/account/tokens');
    });
  });

  describe('sessions', () => {
    it('gives a new session id at every login and drops the old one', async () => {
      const user = await makeUser(ds);
      const b = browser();
      await b.login(user.email);
      const first = b.sessionCookie();
      await b.login(user.email);
      const second = b.sessionCookie();
      expect(first).toBeTruthy();
      expect(second).toBeTruthy();
      expect(second).not.toBe(first);
      const stale = await request(t.app.getHttpServer())
        .get('/dashboard')
        .set('cookie', `waarborg_session=${first}`);
      expect(stale.status).toBe(303);
      expect(stale.headers.location).toMatch(/^\/login\?next=/);
    });

    it('ends the session at logout, and records it', async () => {
      const user = await makeUser(ds);
      const b = browser();
      await b.login(user.email);
      const cookie = b.sessionCookie();
      const res = await b.post('/logout', {}, '/dashboard');
      expect(res.status).toBe(303);
      const after = await request(t.app.getHttpServer())
        .get('/dashboard')
        .set('cookie', `waarborg_session=${cookie}`);
      expect(after.status).toBe(303);
      expect((await events('auth.logout')).some((e) => e.actorUserId === user.id)).toBe(true);
    });

    it('stores sessions in the database and refuses one past its time-out', async () => {
      const user = await makeUser(ds);
      const b = browser();
      await b.login(user.email);
      const row = await ds.getRepository(Session).findOneByOrFail({ userId: user.id });
      await ds
        .getRepository(Session)
        .update({ id: row.id }, { expiresAt: new Date(Date.now() - 1000) });
      const res = await b.get('/dashboard');
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/login?next=%2Fdashboard&expired=1');
      const login = await b.get(res.headers.location).expect(200);
      expect(login.text).toContain('Uw sessie is verlopen.');
    });

    it('sends an anonymous JSON caller of a closed route a 401, not a redirect', async () => {
      const res = await request(t.app.getHttpServer()).get('/api/v1/me').expect(401);
      expect(res.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
    });
  });

  describe('CSRF', () => {
    it('refuses a form without a token with 403', async () => {
      const user = await makeUser(ds);
      const res = await request(t.app.getHttpServer())
        .post('/login')
        .type('form')
        .send({ email: user.email, password: TEST_PASSWORD })
        .set('accept', 'application/json');
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('CSRF_FAILED');
    });

    it('asks browsers to send our own origin on form posts (Referrer-Policy same-origin), and refuses Origin null', async () => {
      const page = await request(t.url).get('/login');
      expect(page.headers['referrer-policy']).toBe('same-origin');
      const b = browser();
      const token = await b.csrfToken();
      const res = await b.agent
        .post('/login')
        .set('origin', 'null')
        .set('accept', 'application/json')
        .type('form')
        .send({ email: 'x@example.org', password: 'y', _csrf: token });
      expect(res.status).toBe(403);
    });

    it('refuses a form from a foreign Origin with 403, even with a valid token', async () => {
      const b = browser();
      const token = await b.csrfToken();
      const res = await b.agent
        .post('/login')
        .set('origin', 'https://evil.example')
        .set('accept', 'application/json')
        .type('form')
        .send({ email: 'x@example.org', password: 'y', _csrf: token });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('CSRF_FAILED');
    });
  });

  describe('HTTPS behind a proxy', () => {
    it('marks cookies Secure and sends HSTS when the proxy says HTTPS', async () => {
      const proxied = await startTestApp({ env: { TRUST_PROXY: '1' } });
      try {
        const user = await makeUser(proxied.dataSource);
        // The cookies are Secure, so a client on plain HTTP (this test) must carry them by hand.
        const page = await request(proxied.url).get('/login').set('x-forwarded-proto', 'https');
        expect(page.headers['strict-transport-security']).toMatch(/max-age=\d+/);
        const csrfCookie = [page.headers['set-cookie']]
          .flat()
          .find((c: string) => c.startsWith('waarborg_csrf='))!;
        expect(csrfCookie).toMatch(/; Secure/);
        const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
        const res = await request(proxied.url)
          .post('/login')
          .set('x-forwarded-proto', 'https')
          .set('origin', proxied.url.replace('http:', 'https:'))
          .set('cookie', csrfCookie.split(';')[0])
          .type('form')
          .send({ email: user.email, password: TEST_PASSWORD, _csrf: token });
        expect(res.status).toBe(303);
        const cookie = [res.headers['set-cookie']]
          .flat()
          .find((c: string) => c.startsWith('waarborg_session='));
        expect(cookie).toMatch(/; Secure/);
        const plain = await request(proxied.app.getHttpServer()).get('/login');
        expect(plain.headers['strict-transport-security']).toBeUndefined();
      } finally {
        await proxied.close();
      }
    });
  });

  describe('passwords', () => {
    it('makes a user with a reset password change it before anything else', async () => {
      const user = await makeUser(ds, { mustChangePassword: true });
      const b = browser();
      expect((await b.login(user.email)).headers.location).toBe('/account/password');
      const blocked = await b.get('/dashboard');
      expect(blocked.status).toBe(303);
      expect(blocked.headers.location).toBe('/account/password');
      const res = await b.post(
        '/account/password',
        {
          currentPassword: TEST_PASSWORD,
          newPassword: 'een heel nieuw wachtwoord',
          confirmPassword: 'een heel nieuw wachtwoord',
        },
        '/account/password',
      );
      expect(res.status).toBe(303);
      expect((await b.get('/dashboard')).status).toBe(200);
      expect(
        (await ds.getRepository(User).findOneByOrFail({ id: user.id })).mustChangePassword,
      ).toBe(false);
      expect(
        (await events('user.password_change')).some((e) => e.objectId === String(user.id)),
      ).toBe(true);
    });

    it('refuses a short or common new password beside its field', async () => {
      const user = await makeUser(ds);
      const b = browser();
      await b.login(user.email);
      const short = await b.post(
        '/account/password',
        { currentPassword: TEST_PASSWORD, newPassword: 'kort', confirmPassword: 'kort' },
        '/account/password',
      );
      expect(short.status).toBe(400);
      expect(short.text).toContain('Het wachtwoord moet minstens 12 tekens lang zijn.');
      expect(short.text).toMatch(/id="field-newPassword-error"/);
      const common = await b.post(
        '/account/password',
        {
          currentPassword: TEST_PASSWORD,
          newPassword: 'qwerty123456',
          confirmPassword: 'qwerty123456',
        },
        '/account/password',
      );
      expect(common.text).toContain('veelgebruikte wachtwoorden');
    });

    it('refuses extra fields such as a role (mass assignment) with 400', async () => {
      const user = await makeUser(ds);
      const b = browser();
      await b.login(user.email);
      const res = await b.post(
        '/account/password',
        {
          currentPassword: TEST_PASSWORD,
          newPassword: 'een heel nieuw wachtwoord',
          confirmPassword: 'een heel nieuw wachtwoord',
          role: 'admin',
        },
        '/account/password',
      );
      expect(res.status).toBe(400);
      expect(res.text).toContain('Het veld role is hier niet toegestaan.');
    });
  });

  describe('API tokens', () => {
    async function createToken(b: Browser, name: string, days = '30'): Promise<string> {
      const res = await b.post('/account/tokens', { name, expiresInDays: days }, '/account/tokens');
      expect(res.status).toBe(201);
      return /id="new-token" readonly value="(wb_[^"]+)"/.exec(res.text)![1];
    }

    it('acts with its user on the API, is stored only as a hash, and stops when revoked', async () => {
      const user = await makeUser(ds, { roles: [[org, Role.Reviewer]] });
      const b = browser();
      await b.login(user.email);
      const token = await createToken(b, 'export');
      const api = () =>
        request(t.app.getHttpServer()).get('/api/v1/me').set('authorization', `Bearer ${token}`);

      const me = await api().expect(200);
      expect(me.body).toMatchObject({
        id: user.id,
        memberships: [{ organisationId: org.id, role: 'reviewer' }],
      });
      const row = await ds.getRepository(ApiToken).findOneByOrFail({ userId: user.id });
      expect(row.tokenHash).not.toContain(token);
      expect(JSON.stringify(row)).not.toContain(token);

      await b.post(`/account/tokens/${row.id}/revoke`, {}, '/account/tokens');
      const refused = await api().expect(401);
      expect(refused.body.code).toBe('UNAUTHENTICATED');
      expect((await events('token.create')).some((e) => e.actorUserId === user.id)).toBe(true);
      expect((await events('token.revoke')).some((e) => e.actorUserId === user.id)).toBe(true);
    });

    it('stops working after it expires', async () => {
      const user = await makeUser(ds);
      const b = browser();
      await b.login(user.email);
      const token = await createToken(b, 'kort', '1');
      await ds
        .getRepository(ApiToken)
        .update({ userId: user.id }, { expiresAt: new Date(Date.now() - 1000) });
      await request(t.app.getHttpServer())
        .get('/api/v1/me')
        .set('authorization', `Bearer ${token}`)
        .expect(401);
    });

    it('needs no CSRF token for API calls with a Bearer token', async () => {
      const user = await makeUser(ds);
      const b = browser();
      await b.login(user.email);
      const token = await createToken(b, 'post');
      const res = await request(t.app.getHttpServer())
        .post('/api/v1/me')
        .set('authorization', `Bearer ${token}`)
        .send({});
      // No such POST route: the request got past CSRF to routing.
      expect(res.status).toBe(404);
    });

    it('refuses a token for an expiry over a year', async () => {
      const user = await makeUser(ds);
      const b = browser();
      await b.login(user.email);
      const res = await b.post(
        '/account/tokens',
        { name: 'lang', expiresInDays: '400' },
        '/account/tokens',
      );
      expect(res.status).toBe(400);
      expect(res.text).toContain('Vul een getal van hoogstens 365 in.');
    });

    it('reads "1.000" days as a thousand, as a Dutch reader does, and refuses it', async () => {
      const user = await makeUser(ds);
      const b = browser();
      await b.login(user.email);
      const res = await b.post(
        '/account/tokens',
        { name: 'duizend', expiresInDays: '1.000' },
        '/account/tokens',
      );
      expect(res.status).toBe(400);
      expect(res.text).toContain('Vul een getal van hoogstens 365 in.');
    });
  });

  describe('user administration', () => {
    it('lets an admin create a user, who must change the temporary password at first login', async () => {
      const admin = await makeUser(ds, { roles: [[org, Role.Admin]] });
      const b = browser();
      await b.login(admin.email);
      const res = await b.post(
        '/admin/users',
        {
          name: 'Nieuwe Toetser',
          email: 'Nieuw.Toetser@Example.org',
          roles: [`${org.id}:reviewer`],
        },
        '/admin/users/new',
      );
      expect(res.status).toBe(201);
      const temporary = /id="temporary-password" readonly value="([^"]+)"/.exec(res.text)![1];
      const created = await ds.getRepository(User).findOneOrFail({
        where: { email: 'nieuw.toetser@example.org' },
        relations: { memberships: true },
      });
      expect(created.mustChangePassword).toBe(true);
      expect(created.memberships.map((m) => m.role)).toEqual(['reviewer']);
      expect((await browser().login(created.email, temporary)).headers.location).toBe(
        '/account/password',
      );
      const [event] = (await events('user.create')).filter(
        (e) => e.objectId === String(created.id),
      );
      expect(event).toMatchObject({
        actorUserId: admin.id,
        actorRole: 'admin',
        organisationId: org.id,
        result: 'success',
      });
    });

    it('refuses an unknown field on user creation (mass assignment) with 400', async () => {
      const admin = await makeUser(ds, { roles: [[org, Role.Admin]] });
      const b = browser();
      await b.login(admin.email);
      const res = await b.post(
        '/admin/users',
        { name: 'X', email: 'x@example.org', roles: [`${org.id}:reviewer`], status: 'active' },
        '/admin/users/new',
      );
      expect(res.status).toBe(400);
      expect(res.text).toContain('Het veld status is hier niet toegestaan.');
    });

    it('records a role change with what was added and removed', async () => {
      const admin = await makeUser(ds, { roles: [[org, Role.Admin]] });
      const user = await makeUser(ds, { roles: [[org, Role.Proposer]] });
      const b = browser();
      await b.login(admin.email);
      await b.post(
        `/admin/users/${user.id}/roles`,
        { roles: [`${org.id}:reviewer`] },
        `/admin/users/${user.id}`,
      );
      const [event] = (await events('user.roles_change')).filter(
        (e) => e.objectId === String(user.id),
      );
      expect(event.details).toEqual({
        added: [`${org.id}:reviewer`],
        removed: [`${org.id}:proposer`],
      });
    });

    it('ends every session of a user who is disabled, and their tokens stop working', async () => {
      const admin = await makeUser(ds, { roles: [[org, Role.Admin]] });
      const user = await makeUser(ds, { roles: [[org, Role.Proposer]] });
      const victim = browser();
      await victim.login(user.email);
      const token = /id="new-token" readonly value="(wb_[^"]+)"/.exec(
        (await victim.post('/account/tokens', { name: 'x', expiresInDays: '5' }, '/account/tokens'))
          .text,
      )![1];
      const b = browser();
      await b.login(admin.email);
      expect(
        (await b.post(`/admin/users/${user.id}/disable`, {}, `/admin/users/${user.id}`)).status,
      ).toBe(303);
      expect((await victim.get('/dashboard')).status).toBe(303);
      expect(await ds.getRepository(Session).countBy({ userId: user.id })).toBe(0);
      await request(t.app.getHttpServer())
        .get('/api/v1/me')
        .set('authorization', `Bearer ${token}`)
        .expect(401);
      expect((await events('user.disable')).some((e) => e.objectId === String(user.id))).toBe(true);
    });

    it('refuses an admin resetting or disabling their own account, which would end their own session', async () => {
      const admin = await makeUser(ds, { roles: [[org, Role.Admin]] });
      const b = browser();
      await b.login(admin.email);
      const page = await b.get(`/admin/users/${admin.id}`).expect(200);
      expect(page.text).not.toContain('/reset-password');
      const reset = await b.post(
        `/admin/users/${admin.id}/reset-password`,
        {},
        `/admin/users/${admin.id}`,
      );
      expect(reset.status).toBe(400);
      expect(reset.text).toContain('U kunt uw eigen wachtwoord hier niet opnieuw instellen');
      expect(
        (await b.post(`/admin/users/${admin.id}/disable`, {}, `/admin/users/${admin.id}`)).status,
      ).toBe(400);
      expect((await b.get('/dashboard')).status).toBe(200);
    });

    it('does not show an admin the users of another organisation (404)', async () => {
      const admin = await makeUser(ds, { roles: [[org, Role.Admin]] });
      const elsewhere = await makeOrganisation(ds);
      const stranger = await makeUser(ds, { roles: [[elsewhere, Role.Proposer]] });
      const b = browser();
      await b.login(admin.email);
      expect((await b.get(`/admin/users/${stranger.id}`)).status).toBe(404);
      const grant = await b.post(
        `/admin/users/${stranger.id}/roles`,
        { roles: [`${org.id}:reviewer`] },
        '/dashboard',
      );
      expect(grant.status).toBe(404);
    });
  });
});
