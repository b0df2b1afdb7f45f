import { Controller, Get, Module } from '@nestjs/common';
import request from 'supertest';
import { Public } from '../src/accounts/auth/decorators';
import { Role } from '../src/accounts/role';
import { DomainError } from '../src/common/errors/domain-error';
import { Browser } from './support/browser';
import { makeOrganisation, makeUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

@Controller('test-failures')
@Public()
class FailingController {
  @Get('crash')
  crash(): never {
    throw new Error('secret internal detail /srv/waarborg/src/thing.ts:42');
  }

  @Get('conflict')
  conflict(): never {
    throw new DomainError('CONFLICT');
  }
}

@Module({ controllers: [FailingController] })
class FailingModule {}

describe('Foundation: pages, health and errors', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ imports: [FailingModule] });
  });
  afterAll(() => t.close());

  const server = () => t.app.getHttpServer();

  it('serves the home page in Dutch inside the site layout', async () => {
    const res = await request(server()).get('/').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('<html lang="nl"');
    expect(res.text).toContain('href="#main"');
    expect(res.text).toContain('Waarborg');
    expect(res.text).toContain('href="/register"');
    expect(res.text).toContain('href="/login"');
  });

  it('serves the same page in English under /en', async () => {
    const res = await request(server()).get('/en').expect(200);
    expect(res.text).toContain('<html lang="en"');
    expect(res.text).toContain('Skip to content');
    expect(res.text).toContain('href="/en/register"');
  });

  it('reports the database in use on /health after asking it', async () => {
    const res = await request(server()).get('/health').expect(200);
    expect(res.body).toEqual({
      status: 'ok',
      database: t.config.database,
      jobs: ['condition-reminders', 'housekeeping', 'mail-digest', 'reassessments-due'].map(
        (name) => ({
          name,
          lastRun: null,
        }),
      ),
    });
  });

  it('serves the NL Design System stylesheets from the app itself', async () => {
    const home = await request(server()).get('/').expect(200);
    const href = /<link rel="stylesheet" href="([^"]+)">/.exec(home.text)?.[1] ?? '';
    const css = await request(server()).get(href).expect(200);
    expect(css.text).toContain('.utrecht-skip-link');
    expect(css.text).toContain('.voorbeeld-theme');
  });

  it('isolates the pages of a session from other windows, and not the public pages of a visitor', async () => {
    const opener = 'cross-origin-opener-policy';
    const visitor = await request(server()).get('/register').expect(200);
    expect(visitor.headers[opener]).toBeUndefined();
    // The rest of helmet's headers stay for everyone.
    expect(visitor.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(visitor.headers['content-security-policy']).toContain("frame-ancestors 'none'");

    const org = await makeOrganisation(t.dataSource);
    const user = await makeUser(t.dataSource, { roles: [[org, Role.Proposer]] });
    const browser = new Browser(t.url);
    const login = await browser.login(user.email);
    expect(login.status).toBe(303);
    expect(login.headers[opener]).toBe('same-origin');
    for (const path of ['/register', '/', '/dashboard']) {
      const res = await browser.get(path);
      expect([path, res.headers[opener]]).toEqual([path, 'same-origin']);
    }
    // Any session cookie or credentials, even ones that turn out not to be valid.
    const crafted = await request(server())
      .get('/register')
      .set('cookie', 'waarborg_session=forged');
    expect(crafted.headers[opener]).toBe('same-origin');
    const bearer = await request(server())
      .get('/api/v1/register')
      .set('authorization', 'Bearer not-a-token');
    expect(bearer.headers[opener]).toBe('same-origin');
  });

  it('answers an unknown page with a 404 page in the site layout', async () => {
    const res = await request(server()).get('/bestaat-niet').set('accept', 'text/html').expect(404);
    expect(res.text).toContain('<html lang="nl"');
    expect(res.text).toContain('Fout 404');
    expect(res.text).toContain('href="#main"');
  });

  it('answers an unknown API route with the JSON error shape', async () => {
    const res = await request(server()).get('/api/v1/bestaat-niet').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    expect(typeof res.body.message).toBe('string');
  });

  it('maps a domain error code to its status', async () => {
    const res = await request(server())
      .get('/test-failures/conflict')
      .set('accept', 'application/json')
      .expect(409);
    expect(res.body).toMatchObject({ statusCode: 409, code: 'CONFLICT' });
  });

  it('turns an unknown error into a plain 500 page with a reference and no internals', async () => {
    const res = await request(server())
      .get('/test-failures/crash')
      .set('accept', 'text/html')
      .expect(500);
    const requestId = res.headers['x-request-id'];
    expect(requestId).toBeTruthy();
    expect(res.text).toContain(requestId);
    expect(res.text).not.toContain('secret internal detail');
    expect(res.text).not.toMatch(/at \w+ \(|\.ts:\d+/);
  });

  it('gives JSON callers of a 500 the code and the reference, not the stack', async () => {
    const res = await request(server())
      .get('/test-failures/crash')
      .set('accept', 'application/json')
      .set('x-request-id', 'trace-me-123')
      .expect(500);
    expect(res.body).toEqual({
      statusCode: 500,
      code: 'INTERNAL_ERROR',
      message: expect.any(String),
      requestId: 'trace-me-123',
    });
    expect(JSON.stringify(res.body)).not.toContain('secret internal detail');
  });

  it('shows error pages in English under /en', async () => {
    const res = await request(server()).get('/en/does-not-exist').expect(404);
    expect(res.text).toContain('<html lang="en"');
    expect(res.text).toContain('Error 404');
  });

  it('describes the JSON API, and only the API, in OpenAPI at /api/docs', async () => {
    await request(server()).get('/api/docs').expect(200);
    const doc = (await request(server()).get('/api/docs-json').expect(200)).body;
    const paths = Object.keys(doc.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/assessments/{id}/transitions',
        '/api/v1/assessments/{id}/reviews',
        '/api/v1/register',
        '/api/v1/register/export/publicatiestandaard',
        '/api/v1/register.csv',
      ]),
    );
    expect(paths.filter((p) => !p.startsWith('/api/'))).toEqual([]);
  });

  it('answers 503 on /health when the database does not answer', async () => {
    await t.dataSource.destroy();
    try {
      const res = await request(server()).get('/health').expect(503);
      expect(res.body).toEqual({ status: 'unavailable', database: t.config.database });
    } finally {
      await t.dataSource.initialize();
    }
  });
});
