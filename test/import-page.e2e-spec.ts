import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { User } from '../src/accounts/entities/user.entity';
import { Role } from '../src/accounts/role';
import { Algorithm } from '../src/algorithms/entities/algorithm.entity';
import { AuditEvent } from '../src/audit/entities/audit-event.entity';
import { Organisation } from '../src/organisations/entities/organisation.entity';
import { Browser } from './support/browser';
import { makeOrganisation, makeUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

const DATA = join(__dirname, '..', '..', 'shared', 'data');
const LISTING = join(DATA, 'algoritmeregister-2026-08-08.json');
const EXAMPLE = join(DATA, 'register-v1.0-examples');

const json = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('Admin import page', () => {
  let t: TestApp;
  let admin: Browser;
  let adminUser: User;
  let operator: Browser;
  let ownOrganisation: Organisation;
  let otherOrganisation: Organisation;

  beforeAll(async () => {
    t = await startTestApp();
    ownOrganisation = await makeOrganisation(t.dataSource, 'Gemeente Eigen');
    otherOrganisation = await makeOrganisation(t.dataSource, 'Gemeente Ander');
    adminUser = await makeUser(t.dataSource, { roles: [[ownOrganisation, Role.Admin]] });
    admin = new Browser(t.url);
    await admin.login(adminUser.email);
    const operatorUser = await makeUser(t.dataSource);
    await t.dataSource.getRepository(User).update({ id: operatorUser.id }, { isOperator: true });
    operator = new Browser(t.url);
    await operator.login(operatorUser.email);
  });
  afterAll(() => t.close());

  /** Posts the form as a browser does: multipart, the page's CSRF token, this site's Origin. */
  async function upload(
    b: Browser,
    file: Buffer,
    fields: Record<string, string> = {},
    options: { path?: string; filename?: string; token?: string | null; origin?: string } = {},
  ) {
    const token =
      options.token === undefined
        ? await b.csrfToken(options.path ?? '/admin/import')
        : options.token;
    let req = b.agent
      .post(options.path ?? '/admin/import')
      .set('accept', 'text/html')
      .set('origin', options.origin ?? t.url);
    if (token !== null) req = req.field('_csrf', token);
    for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
    return req.attach('file', file ?? Buffer.alloc(0), {
      filename: options.filename ?? 'register.json',
      contentType: 'application/json',
    });
  }

  /** What a browser sends when no file was chosen: the file part with an empty file name. */
  async function uploadNothing(b: Browser, organisation: string) {
    const token = await b.csrfToken('/admin/import');
    const part = (headers: string, value: string) =>
      `--B0undary\r\nContent-Disposition: form-data; ${headers}\r\n\r\n${value}\r\n`;
    const body =
      part('name="_csrf"', token) +
      part('name="file"; filename=""\r\nContent-Type: application/octet-stream', '') +
      part('name="organisation"', organisation) +
      '--B0undary--\r\n';
    return b.agent
      .post('/admin/import')
      .set('accept', 'text/html')
      .set('origin', t.url)
      .set('content-type', 'multipart/form-data; boundary=B0undary')
      .send(body);
  }

  const algorithms = () => t.dataSource.getRepository(Algorithm).count();

  it('shows an accessible form with the admin organisation filled in, linked from the dashboard', async () => {
    const page = await admin.get('/admin/import').expect(200);
    expect(page.text).toContain('enctype="multipart/form-data"');
    expect(page.text).toMatch(
      /<label class="utrecht-form-label" for="field-file">Bestand <span class="waarborg-required">\(verplicht\)<\/span><\/label>/,
    );
    expect(page.text).toContain('for="field-organisation"');
    expect(page.text).toMatch(/id="field-organisation"[^>]*value="Gemeente Eigen"/);
    expect(page.text).toContain('hoogstens 20 MB.');
    expect(page.text).toContain('name="_csrf"');
    const en = await admin.get('/en/admin/import').expect(200);
    expect(en.text).toContain('Import a register file');
    const dashboard = await admin.get('/dashboard').expect(200);
    expect(dashboard.text).toContain('href="/admin/import"');
  });

  it('is closed to anyone but admins', async () => {
    const org = await makeOrganisation(t.dataSource);
    const proposer = await makeUser(t.dataSource, { roles: [[org, Role.Proposer]] });
    const b = new Browser(t.url);
    expect((await b.get('/admin/import')).status).toBe(303);
    await b.login(proposer.email);
    expect((await b.get('/admin/import')).status).toBe(403);
    expect(
      (
        await upload(
          b,
          json({ id: 'p', name: 'x', status: 'In gebruik' }),
          {},
          { path: '/dashboard' },
        )
      ).status,
    ).toBe(415);
    const before = await algorithms();
    const res = await upload(
      b,
      json({ id: 'p-1', name: 'Niet van mij', organization: 'Gemeente P', status: 'In gebruik' }),
      {},
      { token: await b.csrfToken('/dashboard') },
    );
    expect(res.status).toBe(403);
    expect(await algorithms()).toBe(before);
    const dashboard = await b.get('/dashboard').expect(200);
    expect(dashboard.text).not.toContain('href="/admin/import"');
    // Without a session the upload is refused before the file is read.
    const anonymous = await request(t.url)
      .post('/admin/import')
      .set('origin', t.url)
      .field('_csrf', 'x')
      .attach('file', json({}), 'a.json');
    expect(anonymous.status).toBe(401);
  });

  it('imports a Publicatiestandaard file for the named organisation and shows the report, audited', async () => {
    const file = readFileSync(join(EXAMPLE, 'Gemeente-Amsterdam.json'));
    const res = await upload(admin, file, { organisation: 'Gemeente Eigen' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('Resultaat van de import');
    expect(res.text).toMatch(/id="count-created">1</);
    expect(res.text).toMatch(/id="count-refused">0</);
    const amsterdam = await t.dataSource
      .getRepository(Algorithm)
      .findOneByOrFail({ sourceId: 'gemeente-amsterdam-meldingen-openbare-ruimte' });
    expect(amsterdam.organisationId).toBe(ownOrganisation.id);
    expect(amsterdam.origin).toBe('import');
    const [event] = await t.dataSource
      .getRepository(AuditEvent)
      .find({ where: { action: 'register.import' }, order: { seq: 'DESC' }, take: 1 });
    expect(event).toMatchObject({
      result: 'success',
      actorRole: 'admin',
      organisationId: ownOrganisation.id,
    });
    expect(event.details).toMatchObject({
      created: 1,
      updated: 0,
      unchanged: 0,
      refused: 0,
      format: 'publicatiestandaard-v1.0',
      organisation: 'Gemeente Eigen',
    });
    const again = await upload(admin, file, { organisation: 'Gemeente Eigen' });
    expect(again.text).toMatch(/id="count-unchanged">1</);
  });

  it('lists each refused entry with its id, field and reason, in Dutch and in English', async () => {
    const file = json([
      { id: 'page-ok', name: 'Goed', organization: 'Gemeente Eigen', status: 'In gebruik' },
      { id: 'page-bad', name: 'Slecht', organization: 'Gemeente Eigen', status: 'Misschien' },
      {
        id: 'page-link',
        name: 'Link',
        organization: 'Gemeente Eigen',
        status: 'In gebruik',
        website: 'javascript:alert(1)',
      },
      { id: 'page-<b>', organization: 'Gemeente Eigen', status: 'In gebruik' },
    ]);
    const nl = await upload(admin, file);
    expect(nl.status).toBe(200);
    expect(nl.text).toMatch(/id="count-created">2</);
    expect(nl.text).toMatch(/id="count-refused">2</);
    expect(nl.text).toContain('Geweigerde registraties (2)');
    expect(nl.text).toContain('<code class="utrecht-code">page-bad</code>');
    expect(nl.text).toContain('onbekende status &quot;Misschien&quot;');
    expect(nl.text).toContain('page-&lt;b&gt;');
    expect(nl.text).toContain('ontbreekt');
    expect(nl.text).toContain('Weggelaten waarden (1)');
    expect(nl.text).toContain('is geen webadres');
    const en = await upload(admin, file, {}, { path: '/en/admin/import' });
    expect(en.status).toBe(200);
    expect(en.text).toMatch(/id="count-unchanged">2</);
    expect(en.text).toContain('unknown status &quot;Misschien&quot;');
    expect(en.text).toContain('Refused entries (2)');
  });

  it.each([
    ['no file', null, 400, 'Kies een bestand'],
    ['an empty file', Buffer.alloc(0), 400, 'Het gekozen bestand is leeg'],
    ['wrong JSON', Buffer.from('{"algoritmes": ['), 400, 'geen geldige JSON'],
    ['the wrong shape', Buffer.from('{"hallo": 1}'), 400, 'Er is niets geïmporteerd'],
    [
      'the wrong encoding',
      Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d]),
      400,
      'geen UTF-8',
    ],
    ['an empty list', Buffer.from('[]'), 400, 'lege lijst'],
    ['a file over 20 MB', Buffer.alloc(20 * 1024 * 1024 + 1, 0x20), 413, 'groter dan 20 MB'],
  ])(
    'shows the form again for %s, with a summary, importing nothing',
    async (_label, file, status, message) => {
      const before = await algorithms();
      const events = await t.dataSource.getRepository(AuditEvent).count();
      const res =
        file === null
          ? await uploadNothing(admin, 'Gemeente Eigen')
          : await upload(admin, file, { organisation: 'Gemeente Eigen' });
      expect(res.status).toBe(status);
      expect(res.text).toContain('id="error-summary"');
      expect(res.text).toContain('href="#field-file"');
      expect(res.text).toContain(message);
      expect(res.text).toMatch(/id="field-file"[^>]*aria-invalid="true"/);
      expect(res.text).toMatch(/id="field-organisation"[^>]*value="Gemeente Eigen"/);
      expect(res.text).toContain('hoogstens 20 MB.');
      expect(res.text).toMatch(/id="field-organisation"[^>]*maxlength="99"/);
      expect(await algorithms()).toBe(before);
      expect(await t.dataSource.getRepository(AuditEvent).count()).toBe(events);
    },
  );

  it('refuses an organisation name over 99 characters beside its field', async () => {
    const res = await upload(admin, json({ id: 'o', name: 'x', status: 'In gebruik' }), {
      organisation: 'O'.repeat(100),
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('href="#field-organisation"');
    expect(res.text).toContain('hoogstens 99 tekens');
  });

  describe('for one organisation only', () => {
    const foreignEvents = () =>
      t.dataSource
        .getRepository(AuditEvent)
        .find({ where: { action: 'register.import', result: 'refused' }, order: { seq: 'ASC' } });

    it('refuses an admin’s entry naming another organisation, audited, and imports their own', async () => {
      const before = await foreignEvents();
      const file = json([
        { id: 'tenant-own', name: 'Eigen', organization: 'Gemeente Eigen', status: 'In gebruik' },
        { id: 'tenant-other', name: 'Ander', organization: 'Gemeente Ander', status: 'In gebruik' },
        { id: 'tenant-new', name: 'Nieuw', organization: 'Gemeente Nieuw', status: 'In gebruik' },
      ]);
      const res = await upload(admin, file);
      expect(res.status).toBe(200);
      expect(res.text).toMatch(/id="count-created">1</);
      expect(res.text).toMatch(/id="count-refused">2</);
      expect(res.text).toContain(
        'geen organisatie waarvan u beheerder bent: &quot;Gemeente Ander&quot;',
      );
      expect(res.text).toContain(
        'geen organisatie waarvan u beheerder bent: &quot;Gemeente Nieuw&quot;',
      );
      const repo = t.dataSource.getRepository(Algorithm);
      expect(await repo.countBy({ organisationId: otherOrganisation.id })).toBe(0);
      expect(await repo.countBy({ sourceId: 'tenant-other' })).toBe(0);
      expect(
        await t.dataSource.getRepository(Organisation).countBy({ name: 'Gemeente Nieuw' }),
      ).toBe(0);
      expect((await repo.findOneByOrFail({ sourceId: 'tenant-own' })).organisationId).toBe(
        ownOrganisation.id,
      );
      const refused = (await foreignEvents()).slice(before.length);
      expect(refused).toHaveLength(1);
      expect(refused[0]).toMatchObject({
        actorUserId: adminUser.id,
        actorRole: 'admin',
        organisationId: null,
      });
      expect(refused[0].details).toMatchObject({
        reason: 'foreign_organisation',
        organisations: ['Gemeente Ander', 'Gemeente Nieuw'],
        entries: 2,
      });
      const [written] = await t.dataSource.getRepository(AuditEvent).find({
        where: { action: 'register.import', result: 'success' },
        order: { seq: 'DESC' },
        take: 1,
      });
      expect(written).toMatchObject({
        actorUserId: adminUser.id,
        organisationId: ownOrganisation.id,
      });
      expect(written.details).toMatchObject({
        organisation: 'Gemeente Eigen',
        created: 1,
        refused: 2,
      });
    });

    it('refuses the whole import when an admin names another organisation for entries without one', async () => {
      const before = await algorithms();
      const events = (await foreignEvents()).length;
      const res = await upload(
        admin,
        json({ id: 'tenant-fallback', name: 'x', status: 'In gebruik' }),
        {
          organisation: 'Gemeente Ander',
        },
      );
      expect(res.status).toBe(403);
      expect(res.text).toContain('href="#field-organisation"');
      expect(res.text).toContain(
        'U kunt alleen importeren in een organisatie waarvan u beheerder bent; Gemeente Ander is daar geen van.',
      );
      expect(await algorithms()).toBe(before);
      const refused = await foreignEvents();
      expect(refused).toHaveLength(events + 1);
      expect(refused.at(-1)!.details).toMatchObject({ organisations: ['Gemeente Ander'] });
    });

    it('lets the operator import for any organisation and create new ones, each organisation audited', async () => {
      const file = json([
        { id: 'op-other', name: 'Ander', organization: 'Gemeente Ander', status: 'In gebruik' },
        {
          id: 'op-new',
          name: 'Nieuw',
          organization: 'Gemeente Operatornieuw',
          status: 'In gebruik',
        },
      ]);
      const res = await upload(operator, file);
      expect(res.status).toBe(200);
      expect(res.text).toMatch(/id="count-created">2</);
      const created = await t.dataSource
        .getRepository(Organisation)
        .findOneByOrFail({ name: 'Gemeente Operatornieuw' });
      const events = await t.dataSource.getRepository(AuditEvent).find({
        where: { action: 'register.import', result: 'success', actorRole: 'operator' },
        order: { seq: 'ASC' },
      });
      expect(events.map((e) => e.organisationId).sort()).toEqual(
        [otherOrganisation.id, created.id].sort(),
      );
    });
  });

  it('keeps the CSRF and Origin checks for uploads', async () => {
    const file = json({
      id: 'csrf-1',
      name: 'x',
      organization: 'Gemeente C',
      status: 'In gebruik',
    });
    expect((await upload(admin, file, {}, { token: null })).status).toBe(403);
    expect((await upload(admin, file, {}, { token: 'nep' })).status).toBe(403);
    expect((await upload(admin, file, {}, { origin: 'https://evil.example' })).status).toBe(403);
    expect(await t.dataSource.getRepository(Algorithm).countBy({ sourceId: 'csrf-1' })).toBe(0);
  });

  (existsSync(LISTING) ? it : it.skip)(
    'imports the real national listing through the page with the right counts',
    async () => {
      const res = await upload(
        operator,
        readFileSync(LISTING),
        {},
        { filename: 'algoritmeregister.json' },
      );
      expect(res.status).toBe(200);
      expect(res.text).toMatch(/id="count-total">1530</);
      expect(res.text).toMatch(/id="count-created">1530</);
      expect(res.text).toMatch(/id="count-refused">0</);
      expect(res.text).toMatch(/id="count-organisations">336</);
    },
    30_000,
  );
});
