import { DataSource } from 'typeorm';
import { Role } from '../src/accounts/role';
import { AuditEvent } from '../src/audit/entities/audit-event.entity';
import { OrganisationTheme } from '../src/organisations/entities/organisation-theme.entity';
import type { Organisation } from '../src/organisations/entities/organisation.entity';
import { PublicationService } from '../src/publications/publication.service';
import { Browser } from './support/browser';
import { makeOrganisation, makeUser } from './support/factories';
import { publishAlgorithm } from './support/register-factories';
import { startTestApp, TestApp } from './support/test-app';

const LOGO =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40" onload="alert(1)">' +
  '<script>alert(1)</script><style>rect{fill:red}</style>' +
  '<image href="https://elders.example/spoor.png"/><use href="https://elders.example/x.svg#a"/>' +
  '<rect width="40" height="40" fill="url(https://elders.example/verf)"/>' +
  '<circle cx="20" cy="20" r="14" fill="#c8102e"/></svg>';

describe('An organisation’s theme', () => {
  let t: TestApp;
  let ds: DataSource;
  let org: Organisation;
  let other: Organisation;
  let admin: Browser;
  let entryPath: string;
  const settings = () => `/admin/organisations/${org.id}/theme`;
  const valid = {
    name: 'Gemeente Thema',
    primaryColour: '#c8102e',
    primaryTextColour: '#ffffff',
    linkColour: '#00568b',
  };

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.dataSource;
    org = await makeOrganisation(ds, 'Gemeente Thema');
    other = await makeOrganisation(ds, 'Gemeente Elders');
    const user = await makeUser(ds, { roles: [[org, Role.Admin]] });
    admin = new Browser(t.url);
    await admin.login(user.email);
    const { algorithm } = await publishAlgorithm(ds, t.app.get(PublicationService), org.id, {
      name: 'Afvalroutes plannen',
    });
    entryPath = `/register/${algorithm.publicId}/afvalroutes-plannen`;
  });
  afterAll(() => t?.close());

  it('starts from Waarborg’s default, which every page wears until a theme is saved', async () => {
    const page = await admin.get(settings()).expect(200);
    expect(page.text).toMatch(/id="field-primaryColour"[^>]*value="#1c4966"/);
    expect(page.text).toMatch(/id="field-name"[^>]*value="Gemeente Thema"/);
    const entry = await admin.get(entryPath).expect(200);
    expect(entry.text).not.toMatch(/organisations\/\d+\/\d+\/theme\.css/);
    expect(entry.text).toContain('<title>Afvalroutes plannen &ndash; Waarborg</title>');
  });

  it('serves the typeface through the asset build: hashed, cached for a year, named by the stylesheet', async () => {
    const page = await admin.get('/register').expect(200);
    const font =
      /<link rel="preload" href="(\/static\/fonts\/noto-sans-latin-wght-normal\.[0-9a-f]{12}\.woff2)" as="font"/.exec(
        page.text,
      )?.[1];
    const css = /<link rel="stylesheet" href="(\/static\/site\.[0-9a-f]{12}\.css)"/.exec(
      page.text,
    )?.[1];
    expect(font).toBeDefined();
    expect(css).toBeDefined();
    const file = await admin.get(font!).expect(200);
    expect(file.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(file.headers['content-type']).toBe('font/woff2');
    // The reduced stylesheet keeps the @font-face rules, pointing at the same hashed file.
    const site = await admin.get(css!).expect(200);
    expect(site.text).toMatch(/@font-face\{font-family:"Noto Sans"[^}]*font-display:swap/);
    expect(site.text).toContain(`url(${font!.replace('/static/', '')})`);
  });

  it('refuses a colour pair under 4.5:1, naming the field, and keeps the input', async () => {
    const res = await admin.post(
      settings(),
      { ...valid, primaryTextColour: '#ff7777', linkColour: '#9999ff' },
      settings(),
    );
    expect(res.status).toBe(400);
    // The summary names each field by its label, not by its id.
    expect(res.text).toMatch(
      /href="#field-primaryTextColour">Tekstkleur op de hoofdkleur: [^<]*contrast van 2,3:1/,
    );
    expect(res.text).toContain('href="#field-linkColour"');
    expect(res.text).toMatch(/id="field-primaryTextColour"[^>]*value="#ff7777"/);
    expect(await ds.getRepository(OrganisationTheme).count()).toBe(0);
  });

  it('refuses a logo that is no picture', async () => {
    const res = await admin.post(settings(), { ...valid, logoSvg: '<p>logo</p>' }, settings());
    expect(res.status).toBe(400);
    expect(res.text).toContain('href="#field-logoSvg"');
  });

  it('saves the theme with a logo stripped of scripts and outside references, and audits it', async () => {
    const res = await admin.post(settings(), { ...valid, logoSvg: LOGO }, settings());
    expect(res.status).toBe(303);
    const saved = await ds.getRepository(OrganisationTheme).findOneOrFail({
      where: { organisationId: org.id },
      select: { logoSvg: true, hasLogo: true },
    });
    expect(saved.hasLogo).toBe(true);
    expect(saved.logoSvg).toContain('<circle cx="20" cy="20" r="14" fill="#c8102e"></circle>');
    for (const gone of ['script', 'style', 'onload', 'image', 'use', 'elders.example', 'alert'])
      expect(saved.logoSvg).not.toContain(gone);
    const audit = await ds
      .getRepository(AuditEvent)
      .findOneByOrFail({ action: 'organisation.theme' });
    expect(audit).toMatchObject({ objectId: String(org.id), organisationId: org.id });
  });

  it('dresses the organisation’s public pages and its staff’s pages, and serves its stylesheet and logo', async () => {
    const entry = await new Browser(t.url).get(entryPath).expect(200);
    const css = /href="(\/organisations\/\d+\/\d+\/theme\.css)"/.exec(entry.text)![1];
    const logo = /src="(\/organisations\/\d+\/\d+\/logo\.svg)"/.exec(entry.text)![1];
    expect(entry.text).toContain('<span class="waarborg-brand__name">Gemeente Thema</span>');
    expect(entry.text).toContain(
      '<title>Afvalroutes plannen &ndash; Gemeente Thema &ndash; Waarborg</title>',
    );
    const sheet = await new Browser(t.url).get(css).expect(200);
    expect(sheet.headers['content-type']).toMatch(/^text\/css/);
    expect(sheet.headers['cache-control']).toContain('immutable');
    expect(sheet.text).toContain('--waarborg-primary: #c8102e;');
    const svg = await new Browser(t.url).get(logo).expect(200);
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(svg.headers['content-security-policy']).toContain("default-src 'none'");
    const dashboard = await admin.get('/dashboard').expect(200);
    expect(dashboard.text).toContain(css);
    const organisationPage = await new Browser(t.url).get(`/organisaties/${org.slug}`).expect(200);
    expect(organisationPage.text).toContain(css);
    expect(organisationPage.text).toContain(logo);
    // Pages about no organisation in particular keep Waarborg's own look.
    const register = await new Browser(t.url).get('/register').expect(200);
    expect(register.text).not.toMatch(/organisations\/\d+\/\d+\/theme\.css/);
  });

  it('keeps another organisation’s settings out of reach', async () => {
    await admin.get(`/admin/organisations/${other.id}/theme`).expect(404);
    const res = await admin.post(`/admin/organisations/${other.id}/theme`, valid, settings());
    expect(res.status).toBe(404);
    expect(await ds.getRepository(OrganisationTheme).countBy({ organisationId: other.id })).toBe(0);
    await new Browser(t.url).get(`/organisations/${other.id}/1/theme.css`).expect(404);
  });

  it('removes the logo when asked', async () => {
    expect(
      (await admin.post(settings(), { ...valid, removeLogo: 'true' }, settings())).status,
    ).toBe(303);
    const entry = await new Browser(t.url).get(entryPath).expect(200);
    expect(entry.text).not.toContain('/logo.svg');
    await new Browser(t.url).get(`/organisations/${org.id}/1/logo.svg`).expect(404);
  });
});
