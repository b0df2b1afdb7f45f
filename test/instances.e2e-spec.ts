import request from 'supertest';
import { Role } from '../src/accounts/role';
import { PublicationService } from '../src/publications/publication.service';
import { apiClientFor } from './support/api';
import { Browser } from './support/browser';
import { fixtureTemplate } from './support/checklist-fixture';
import { makeOrganisation, makeUser } from './support/factories';
import { publishAlgorithm } from './support/register-factories';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { offerTemplate } from './support/templates';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Two instances on one database (a SQLite file here, one PostgreSQL database under
 * `npm run test:postgres`), as behind a load balancer or as the workers of start:prod: what one
 * changes, the other shows at its next request, although each keeps its own page cache and
 * facet index in memory.
 */
describe('Two instances on one database', () => {
  let db: TestDatabase;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    a = await startTestApp({ database: db });
    b = await startTestApp({ database: db });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.dispose();
  });

  const page = (t: TestApp, path: string) =>
    request(t.url).get(path).set('accept', 'text/html').expect(200);

  it('shows a publication made through one instance on the next request to the other', async () => {
    const org = await makeOrganisation(a.dataSource);
    await publishAlgorithm(a.dataSource, a.app.get(PublicationService), org.id, {
      name: 'Eerste register',
    });
    // The other instance's page cache and facet index are built and warm: each page is asked
    // for twice, since the cache keeps a page from its second asking.
    const before = await page(b, '/register');
    expect(before.text).toContain('Eerste register');
    expect((await page(b, '/register')).headers.etag).toBe(before.headers.etag);
    for (let i = 0; i < 2; i++) {
      expect((await page(b, '/register?q=kadasterbrug')).text).not.toContain(
        '<mark>Kadasterbrug</mark>',
      );
      const apiBefore = await request(b.url).get('/api/v1/register?q=kadasterbrug').expect(200);
      expect(apiBefore.body.total).toBe(0);
    }

    await publishAlgorithm(a.dataSource, a.app.get(PublicationService), org.id, {
      name: 'Kadasterbrug planner',
    });

    const after = await page(b, '/register');
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(after.text).toContain('Kadasterbrug planner');
    expect((await page(b, '/register?q=kadasterbrug')).text).toContain(
      '<mark>Kadasterbrug</mark> planner',
    );
    const apiAfter = await request(b.url).get('/api/v1/register?q=kadasterbrug').expect(200);
    expect(apiAfter.body.total).toBe(1);
    // A browser that kept the old ETag gets the new page, not a 304.
    await request(b.url)
      .get('/register')
      .set('accept', 'text/html')
      .set('if-none-match', before.headers.etag)
      .expect(200);
  });

  it('shows a template change made through one instance on the next request to the other', async () => {
    const org = await makeOrganisation(a.dataSource);
    const member = await apiClientFor(
      b.dataSource,
      b.url,
      await makeUser(b.dataSource, { roles: [[org, Role.Proposer]] }),
    );
    await offerTemplate(a, fixtureTemplate(1), org);
    const first = await member.get(`/api/v1/organisations/${org.id}/checklist`).expect(200);
    expect(first.body.template.version).toBe(1);

    await offerTemplate(a, fixtureTemplate(2), org);

    const second = await member.get(`/api/v1/organisations/${org.id}/checklist`).expect(200);
    expect(second.body.template.version).toBe(2);
  });

  it('ends a session on both when the user logs out through one', async () => {
    const user = await makeUser(a.dataSource);
    const browser = new Browser(a.url);
    await browser.login(user.email);
    const cookie = `waarborg_session=${browser.sessionCookie()}`;
    await request(b.url).get('/dashboard').set('cookie', cookie).expect(200);

    expect((await browser.post('/logout', {}, '/dashboard')).status).toBe(303);

    const after = await request(b.url).get('/dashboard').set('cookie', cookie);
    expect(after.status).toBe(303);
    expect(after.headers.location).toMatch(/^\/login\?next=/);
  });
});
