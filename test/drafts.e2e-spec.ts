import { DataSource } from 'typeorm';
import { Session } from '../src/accounts/entities/session.entity';
import { Role } from '../src/accounts/role';
import { FormDraft } from '../src/drafts/entities/form-draft.entity';
import { MAX_DRAFT_BYTES } from '../src/drafts/drafts.service';
import type { Organisation } from '../src/organisations/entities/organisation.entity';
import { Browser } from './support/browser';
import { makeOrganisation, makeUser, TEST_PASSWORD } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

/** supertest's response, after checking its status. */
function expectStatus<T extends { status: number }>(res: T, status: number): T {
  expect(res.status).toBe(status);
  return res;
}

describe('A form posted after the session expired', () => {
  let t: TestApp;
  let ds: DataSource;
  let org: Organisation;
  let admin: { id: number; email: string };
  let colleague: { id: number; email: string };
  const settings = () => `/admin/organisations/${org.id}/theme`;
  const typed = {
    name: 'Gemeente Bewaard',
    primaryColour: '#c8102e',
    primaryTextColour: '#ffffff',
    linkColour: '#00568b',
  };

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.dataSource;
    org = await makeOrganisation(ds, 'Gemeente Laat');
    admin = await makeUser(ds, { roles: [[org, Role.Admin]] });
    colleague = await makeUser(ds, { roles: [[org, Role.Admin]] });
  });
  afterAll(() => t?.close());

  /**
   * A logged-in browser with the settings form open, whose session then runs out as an idle
   * time-out would end it; `send` posts the open form, the first request after the expiry (any
   * request to the site would clear the expired session's cookie).
   */
  async function expiredBrowser(user: { id: number; email: string }, formPage = settings()) {
    const b = new Browser(t.url);
    await b.login(user.email);
    const token = /name="_csrf" value="([^"]+)"/.exec((await b.get(formPage).expect(200)).text)![1];
    await ds
      .getRepository(Session)
      .update({ userId: user.id }, { expiresAt: new Date(Date.now() - 60_000) });
    const send = (path: string, fields: Record<string, string>) =>
      b.agent
        .post(path)
        .set('accept', 'text/html')
        .set('origin', t.url)
        .type('form')
        .send({ ...fields, _csrf: token });
    return { b, send };
  }

  it('keeps what was typed, asks to log in again and shows it in the same form afterwards', async () => {
    const { b, send } = await expiredBrowser(admin);
    const posted = expectStatus(await send(settings(), typed), 303);
    const location = new URL(posted.headers.location, t.url);
    expect(location.pathname).toBe('/login');
    expect(location.searchParams.get('expired')).toBe('1');
    expect(location.searchParams.get('input')).toBe('kept');
    const next = location.searchParams.get('next')!;
    expect(next).toMatch(/^\/drafts\/\d+$/);
    // Nothing was saved: the draft is not the organisation's theme.
    const settingsNow = await new Browser(t.url).get(`/organisaties/${org.slug}`).expect(200);
    expect(settingsNow.text).not.toContain('Gemeente Bewaard');

    const login = await b.get(`${location.pathname}${location.search}`).expect(200);
    expect(login.text).toContain('wat u had ingevuld is bewaard');
    expect(login.text).toContain(`name="next" value="${next}"`);

    const loggedIn = await b.post('/login', { email: admin.email, password: TEST_PASSWORD, next });
    expect(loggedIn.headers.location).toBe(next);
    const form = await b.get(next).expect(200);
    expect(form.headers['cache-control']).toBe('no-store');
    expect(form.text).toContain('nog niet opgeslagen');
    expect(form.text).toMatch(/id="field-name"[^>]*value="Gemeente Bewaard"/);
    expect(form.text).toMatch(/id="field-primaryColour"[^>]*value="#c8102e"/);
    expect(form.text).toContain(`action="${settings()}"`);
    // Sent again, it is saved as any form is.
    expectStatus(await b.post(settings(), typed, next), 303);
    const saved = await b.get(settings()).expect(200);
    expect(saved.text).toMatch(/id="field-name"[^>]*value="Gemeente Bewaard"/);
  });

  it('gives a draft back to its author only', async () => {
    const { send } = await expiredBrowser(admin);
    const posted = expectStatus(await send(settings(), { ...typed, name: 'Alleen voor mij' }), 303);
    const next = new URL(posted.headers.location, t.url).searchParams.get('next')!;
    const other = new Browser(t.url);
    await other.login(colleague.email);
    const refused = await other.get(next).expect(404);
    expect(refused.text).not.toContain('Alleen voor mij');
    // Someone without a session at all is sent to log in first.
    await new Browser(t.url).get(next).expect(303);
  });

  it('keeps no password: a form of passwords only is typed again', async () => {
    const { send } = await expiredBrowser(admin, '/account/password');
    const before = await ds.getRepository(FormDraft).count();
    const posted = expectStatus(
      await send('/account/password', {
        currentPassword: TEST_PASSWORD,
        newPassword: 'Nieuw-Wachtwoord-456',
        confirmPassword: 'Nieuw-Wachtwoord-456',
      }),
      303,
    );
    const location = new URL(posted.headers.location, t.url);
    expect(location.pathname).toBe('/login');
    expect(location.searchParams.get('expired')).toBe('1');
    expect(location.searchParams.get('input')).toBeNull();
    expect(await ds.getRepository(FormDraft).count()).toBe(before);
    const drafts = await ds.getRepository(FormDraft).find();
    for (const d of drafts) expect(JSON.stringify(d.body)).not.toMatch(/Wachtwoord/);
  });

  it('keeps nothing larger than the limit, and nothing for a browser that was never logged in', async () => {
    const { send } = await expiredBrowser(admin);
    const before = await ds.getRepository(FormDraft).count();
    const big = `<svg xmlns="http://www.w3.org/2000/svg"><title>${'x'.repeat(MAX_DRAFT_BYTES)}</title></svg>`;
    const posted = expectStatus(await send(settings(), { ...typed, logoSvg: big }), 303);
    const kept = new URL(posted.headers.location, t.url).searchParams;
    expect(kept.get('expired')).toBe('1');
    expect(kept.get('input')).toBeNull();

    const stranger = new Browser(t.url);
    const refused = expectStatus(await stranger.post(settings(), typed), 303);
    const location = new URL(refused.headers.location, t.url);
    expect(location.searchParams.get('input')).toBeNull();
    // No session cookie: nothing expired, so the login page says nothing about it.
    expect(location.searchParams.get('expired')).toBeNull();
    expect(await ds.getRepository(FormDraft).count()).toBe(before);
  });
});
