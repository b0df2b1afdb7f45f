import request from 'supertest';
import { User } from '../src/accounts/entities/user.entity';
import { Role } from '../src/accounts/role';
import { PublicationService } from '../src/publications/publication.service';
import { makeCommission } from './support/api';
import { Browser } from './support/browser';
import { fixtureTemplate, REGISTER_FIELDS } from './support/checklist-fixture';
import { makeUser } from './support/factories';
import { publishAlgorithm } from './support/register-factories';
import { listRoutes, RouteInfo } from './support/routes';
import { offerTemplate } from './support/templates';
import { startTestApp, TestApp } from './support/test-app';

const nestedJson = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);

/** The shapes of issue 10's probe, each of which once ended in a 500 or held the server. */
const SHAPES: { name: string; type: string; body: string }[] = [
  {
    name: 'bracketed row numbers of 2^32 - 2',
    type: 'application/x-www-form-urlencoded',
    body: 'a[4294967294]=x&answers[4294967294]=x&themes[100000000]=x',
  },
  {
    name: 'a bracketed field nested 2,000 deep',
    type: 'application/x-www-form-urlencoded',
    body: `a${'[a]'.repeat(2000)}=x`,
  },
  { name: 'JSON nested 2,000 deep', type: 'application/json', body: nestedJson(2000) },
  { name: 'JSON without any required field', type: 'application/json', body: '{}' },
  {
    name: 'a multipart body cut off before its end',
    type: 'multipart/form-data; boundary=B0undary',
    body:
      '--B0undary\r\nContent-Disposition: form-data; name="file"; filename="x.json"\r\n' +
      'Content-Type: application/json\r\n\r\n[{"id": "afgebroken", "name": "Half',
  },
];

/** The same two shapes in a query string, for the routes that read one. */
const HOSTILE_QUERY = `a[4294967294]=x&b${'[b]'.repeat(2000)}=x`;

/**
 * Every route of the app, taken from the route inventory (so a new route is covered without
 * being named here), sent each hostile shape by a user who holds every role and is the operator,
 * so that the shapes reach the body readers behind the access rules. None may end in a 5xx, and
 * `/health`, asked while each hostile request is in flight, must answer: a parser that walked a
 * sparse array index by index held the event loop for minutes. No time is measured: a request
 * that held the server would leave `/health` unanswered and the test would time out.
 */
describe('Hostile shapes on every route', () => {
  let t: TestApp;
  let b: Browser;
  let token: string;
  let params: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    const ds = t.dataSource;
    const c = await makeCommission(ds, t.url);
    await offerTemplate(t, fixtureTemplate(1), c.org);
    const created = await c.proposer
      .post('/api/v1/algorithms', { organisationId: c.org.id, ...REGISTER_FIELDS })
      .expect(201);
    const { algorithm } = await publishAlgorithm(ds, t.app.get(PublicationService), c.org.id);
    const user = await makeUser(ds, {
      roles: [Role.Proposer, Role.Secretary, Role.Reviewer, Role.Admin].map((role) => [
        c.org,
        role,
      ]),
    });
    await ds.getRepository(User).update({ id: user.id }, { isOperator: true });
    b = new Browser(t.url);
    await b.login(user.email);
    token = await b.csrfToken();
    // Real ids where a route's access rule looks the object up, so the body is read; elsewhere
    // (users, tokens, conditions) an id that names nothing, so nothing real is changed.
    params = {
      id: String(created.body.id),
      section: 'basis',
      organisationId: String(c.org.id),
      publicId: algorithm.publicId,
    };
  });
  afterAll(() => t.close());

  function url(route: RouteInfo): string {
    const onAssessment = /assessments\/:id/.test(route.path);
    return route.path.replace(/:(\w+)/g, (_, name: string) =>
      name === 'id' && !onAssessment ? '999999' : (params[name] ?? '999999'),
    );
  }

  /** The routes that change something; logging out last, as it ends the session. */
  function writingRoutes(): RouteInfo[] {
    return listRoutes(t)
      .filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method))
      .sort((x, y) => Number(x.path.endsWith('/logout')) - Number(y.path.endsWith('/logout')));
  }

  it('answers every hostile body on every writing route with a 4xx, and /health meanwhile', async () => {
    const routes = writingRoutes();
    expect(routes.length).toBeGreaterThan(30);
    const failures: string[] = [];
    const statuses = new Map<string, Set<number>>();
    for (const route of routes) {
      for (const shape of SHAPES) {
        const method = route.method.toLowerCase() as 'post' | 'put' | 'patch' | 'delete';
        const [res, health] = await Promise.all([
          b.agent[method](url(route))
            .set('accept', 'application/json')
            .set('origin', t.url)
            .set('x-csrf-token', token)
            .set('content-type', shape.type)
            .send(shape.body),
          request(t.url).get('/health'),
        ]);
        const what = `${route.method} ${route.path} with ${shape.name}`;
        if (res.status >= 500) failures.push(`${what} → ${res.status}`);
        if (health.status !== 200) failures.push(`${what}: /health ${health.status}`);
        statuses.set(shape.name, (statuses.get(shape.name) ?? new Set()).add(res.status));
      }
    }
    expect(failures).toEqual([]);
    // The shapes reached the readers that refuse them, not only the access rules.
    expect(statuses.get('bracketed row numbers of 2^32 - 2')).toContain(400);
    expect(statuses.get('a bracketed field nested 2,000 deep')).toContain(400);
    expect(statuses.get('JSON nested 2,000 deep')).toEqual(new Set([400]));
    expect(statuses.get('a multipart body cut off before its end')).toContain(400);
  });

  it('answers hostile query strings on every reading route with no 5xx, and /health meanwhile', async () => {
    const routes = listRoutes(t).filter((r) => r.method === 'GET');
    expect(routes.length).toBeGreaterThan(30);
    const failures: string[] = [];
    for (const route of routes) {
      const [res, health] = await Promise.all([
        b.agent.get(`${url(route)}?${HOSTILE_QUERY}`).set('accept', 'application/json'),
        request(t.url).get('/health'),
      ]);
      if (res.status >= 500) failures.push(`GET ${route.path} → ${res.status}`);
      if (health.status !== 200) failures.push(`GET ${route.path}: /health ${health.status}`);
    }
    expect(failures).toEqual([]);
  });
});
