import { Controller, Get, Module } from '@nestjs/common';
import request from 'supertest';
import { Role } from '../src/accounts/role';
import { Organisation } from '../src/organisations/entities/organisation.entity';
import { Browser } from './support/browser';
import { makeOrganisation, makeUser } from './support/factories';
import { listRoutes } from './support/routes';
import { startTestApp, TestApp } from './support/test-app';

@Controller('test-undecorated')
class UndecoratedController {
  @Get()
  secret() {
    return { leaked: true };
  }
}

@Module({ controllers: [UndecoratedController] })
class UndecoratedModule {}

describe('Access rules', () => {
  let t: TestApp;
  let org: Organisation;

  beforeAll(async () => {
    t = await startTestApp({ imports: [UndecoratedModule] });
    org = await makeOrganisation(t.dataSource);
  });
  afterAll(() => t.close());

  it('finds the routes of the app', () => {
    const routes = listRoutes(t);
    expect(routes.length).toBeGreaterThan(10);
    expect(routes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ method: 'POST', path: '/login', rule: 'public' }),
      ]),
    );
  });

  it('gives every production route an access rule: public, authenticated or roles', () => {
    const unmarked = listRoutes(t).filter(
      (r) => r.rule === 'none' && r.name !== 'UndecoratedController.secret',
    );
    expect(unmarked).toEqual([]);
  });

  it('keeps every non-public route closed to an anonymous caller', async () => {
    const closed = listRoutes(t).filter((r) => r.rule !== 'public');
    expect(closed.length).toBeGreaterThan(5);
    const open: string[] = [];
    for (const route of closed) {
      const url = route.path.replace(/:\w+/g, '1');
      const res = await request(t.url)
        [route.method.toLowerCase() as 'get' | 'post'](url)
        .set('accept', 'application/json');
      if (![401, 403].includes(res.status)) open.push(`${route.method} ${url} → ${res.status}`);
    }
    expect(open).toEqual([]);
  });

  it('closes a route that names no rule, even to an admin (deny by default)', async () => {
    const admin = await makeUser(t.dataSource, { roles: [[org, Role.Admin]] });
    const b = new Browser(t.url);
    await b.login(admin.email);
    const res = await b.agent.get('/test-undecorated').set('accept', 'application/json');
    expect(res.status).toBe(403);
    expect(res.body).not.toHaveProperty('leaked');
  });

  describe.each([
    [
      Role.Proposer,
      {
        '/dashboard': 200,
        '/account/tokens': 200,
        '/api/v1/me': 200,
        '/admin/users': 403,
        '/audit': 403,
      },
    ],
    [
      Role.Reviewer,
      {
        '/dashboard': 200,
        '/account/tokens': 200,
        '/api/v1/me': 200,
        '/admin/users': 403,
        '/audit': 403,
      },
    ],
    [
      Role.Secretary,
      {
        '/dashboard': 200,
        '/account/tokens': 200,
        '/api/v1/me': 200,
        '/admin/users': 403,
        '/audit': 200,
      },
    ],
    [
      Role.Admin,
      {
        '/dashboard': 200,
        '/account/tokens': 200,
        '/api/v1/me': 200,
        '/admin/users': 200,
        '/audit': 200,
      },
    ],
  ])('a %s', (role, expected) => {
    it('reaches exactly the pages of that role', async () => {
      const user = await makeUser(t.dataSource, { roles: [[org, role]] });
      const b = new Browser(t.url);
      await b.login(user.email);
      const actual: Record<string, number> = {};
      for (const path of Object.keys(expected)) actual[path] = (await b.get(path)).status;
      expect(actual).toEqual(expected);
    });
  });

  it('lets a user without any role reach only their own account pages', async () => {
    const user = await makeUser(t.dataSource);
    const b = new Browser(t.url);
    await b.login(user.email);
    expect((await b.get('/dashboard')).status).toBe(200);
    expect((await b.get('/admin/users')).status).toBe(403);
    expect((await b.get('/audit')).status).toBe(403);
  });
});
