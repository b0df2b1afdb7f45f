import request from 'supertest';
import { Role } from '../src/accounts/role';
import { AuditEvent } from '../src/audit/entities/audit-event.entity';
import { IMPORT_PART_SIZE, ImportService } from '../src/import/import.service';
import { Browser } from './support/browser';
import { makeOrganisation, makeUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

/** Waits until `done` holds; the test's own time-out ends a wait that never does. */
async function until(done: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await done())) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** A listing of `n` entries with texts of about the national listing's length. */
function listing(n: number, organisation: string): Buffer {
  const doel =
    'Het algoritme ondersteunt medewerkers bij het beoordelen van aanvragen en meldingen. '.repeat(
      8,
    );
  return Buffer.from(
    JSON.stringify({
      algoritmes: Array.from({ length: n }, (_, i) => ({
        id: `last-${i}`,
        title: `Algoritme onder last ${i}`,
        organisatie: organisation,
        status: 'in_gebruik',
        doel,
        juridische_basis: 'Gemeentewet',
        url: `https://algoritmes.example/${i}`,
        geregistreerd: '2025-01-01',
      })),
    }),
  );
}

/**
 * A large import from the admin page, while others use the site: between its parts the server
 * goes on answering. Before, one transaction held the event loop for the whole file (38 s for
 * 17,000 entries), and `/health` waited as long.
 */
describe('A large import under way', () => {
  let t: TestApp;
  let admin: Browser;
  let organisation: string;

  beforeAll(async () => {
    t = await startTestApp();
    const org = await makeOrganisation(t.dataSource);
    organisation = org.name;
    const user = await makeUser(t.dataSource, { roles: [[org, Role.Admin]] });
    admin = new Browser(t.url);
    await admin.login(user.email);
  });
  afterAll(() => t.close());

  it('leaves /health answering while the entries go in, and imports them all', async () => {
    const entries = 15 * IMPORT_PART_SIZE;
    const importer = t.app.get(ImportService);
    const importFile = importer.importFile.bind(importer);
    let imported = false;
    jest.spyOn(importer, 'importFile').mockImplementation(async (...args) => {
      const report = await importFile(...args);
      imported = true;
      return report;
    });
    const token = await admin.csrfToken('/admin/import');
    const upload = admin.agent
      .post('/admin/import')
      .set('accept', 'text/html')
      .set('origin', t.url)
      .field('_csrf', token)
      .attach('file', listing(entries, organisation), {
        filename: 'last.json',
        contentType: 'application/json',
      })
      .then((res) => res);

    // The first part is in: the import is under way.
    await until(
      async () =>
        (await t.dataSource.getRepository(AuditEvent).countBy({ action: 'register.import' })) > 0,
    );
    const health = await request(t.url).get('/health');
    expect([health.status, health.body.status, imported]).toEqual([200, 'ok', false]);

    const res = await upload;
    expect(res.status).toBe(200);
    expect(res.text).toMatch(new RegExp(`id="count-created">${entries}<`));
    const events = await t.dataSource
      .getRepository(AuditEvent)
      .countBy({ action: 'register.import' });
    expect(events).toBe(15);
  }, 120_000);
});
