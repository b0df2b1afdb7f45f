import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Algorithm } from '../src/algorithms/entities/algorithm.entity';
import { AuditEvent } from '../src/audit/entities/audit-event.entity';
import { Organisation } from '../src/organisations/entities/organisation.entity';
import { runImportCommand } from '../src/import/import-cli';
import { ImportInputError } from '../src/import/import-input-error';
import { ImportService } from '../src/import/import.service';
import { startTestApp, TestApp } from './support/test-app';
import { operatorContext } from '../src/common/request-context';

const DATA = join(__dirname, '..', '..', 'shared', 'data');
const LISTING = join(DATA, 'algoritmeregister-2026-08-08.json');
const EXAMPLES = join(DATA, 'register-v1.0-examples');
const SCHEMA = JSON.parse(
  readFileSync(join(DATA, 'publicatiestandaard-v1.0.schema.json'), 'utf8'),
) as object;

const HAVE_LISTING = existsSync(LISTING);
if (!HAVE_LISTING)
  console.warn(`${LISTING} is absent: the tests that import the real national listing are skipped`);
/** Tests that need the real national listing of 2026-08-08. */
const withListing = HAVE_LISTING ? it : it.skip;

describe('Import', () => {
  let t: TestApp;
  let ds: DataSource;
  let importer: ImportService;

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.dataSource;
    importer = t.app.get(ImportService);
  });
  afterAll(() => t.close());

  const json = (value: unknown) => Buffer.from(JSON.stringify(value));

  withListing(
    'imports all 1,530 entries of the national listing, and a second time changes nothing',
    async () => {
      const bytes = readFileSync(LISTING);
      const progress: number[] = [];
      const first = await importer.importBuffer(operatorContext(), bytes, {
        onProgress: (done) => progress.push(done),
      });
      expect(first.format).toBe('national-listing');
      expect(first.total).toBe(1530);
      expect(first.created).toBe(1530);
      expect(first.refused).toBe(0);
      expect(first.problems).toEqual([]);
      expect(first.organisationsCreated).toBe(336);
      expect(progress.length).toBeGreaterThan(10);

      const again = await importer.importBuffer(operatorContext(), bytes);
      expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 1530, refused: 0 });

      const total = async (status: string) =>
        (await request(t.url).get(`/api/v1/register?status=${status}`).expect(200)).body.total;
      expect(await total('in-gebruik')).toBe(1392);
      expect(await total('in-ontwikkeling')).toBe(73);
      expect(await total('buiten-gebruik')).toBe(65);
      const organisations = await ds.query(
        'SELECT COUNT(DISTINCT organisation_id) AS n FROM register_entries',
      );
      expect(Number(organisations[0].n)).toBe(336);
      const search = await request(t.url)
        .get('/api/v1/register?q=Prognosemodel%20Jeugdzorg')
        .expect(200);
      expect(search.body.items.map((i: { name: string }) => i.name)).toContain(
        'Prognosemodel Jeugdzorg',
      );
      const orgs = await request(t.url).get('/organisaties').set('accept', 'text/html').expect(200);
      expect(orgs.text).toContain('Gemeente Amersfoort');
    },
    30_000,
  );

  withListing(
    'keeps the five titles of 100 characters whole and marks them invalid_fields in the export',
    async () => {
      const listing = JSON.parse(readFileSync(LISTING, 'utf8')) as {
        algoritmes: { id: string; title: string }[];
      };
      const long = listing.algoritmes.filter((a) => [...a.title.trim()].length === 100);
      expect(long).toHaveLength(5);
      for (const source of long) {
        const algorithm = await ds
          .getRepository(Algorithm)
          .findOneByOrFail({ sourceId: String(source.id) });
        expect(algorithm.name).toBe(source.title.trim());
        const record = (
          await request(t.url)
            .get(`/api/v1/register/${algorithm.publicId}/publicatiestandaard`)
            .expect(200)
        ).body;
        expect(record.name).toBe(source.title.trim());
        expect(record.invalid_fields).toEqual(['name']);
      }
    },
  );

  withListing(
    'marks imported entries incomplete without inventing values, and the complete export validates',
    async () => {
      const res = await request(t.url)
        .get('/api/v1/register?q=Prognosemodel%20Jeugdzorg')
        .expect(200);
      const id = res.body.items[0].publicId;
      const record = (
        await request(t.url).get(`/api/v1/register/${id}/publicatiestandaard`).expect(200)
      ).body;
      expect(record.missing_required).toEqual(
        expect.arrayContaining(['description_short', 'theme', 'contact', 'supplier']),
      );
      expect(record.description_short).toBeUndefined();
      expect(record.organization).toBe('Gemeente Amersfoort');
      const page = await request(t.url)
        .get(`/register/${id}`)
        .redirects(1)
        .set('accept', 'text/html')
        .expect(200);
      expect(page.text).toContain('Deze registratie is onvolledig');
      expect(page.text).toContain('Geïmporteerd');
      const complete = await request(t.url)
        .get('/api/v1/register/export/publicatiestandaard?complete=true')
        .expect(200);
      expect(complete.body).toEqual([]);

      // Every exported entry validates except for exactly what it is marked with.
      const all = (
        await request(t.url).get('/api/v1/register/export/publicatiestandaard').expect(200)
      ).body as Record<string, unknown>[];
      expect(all).toHaveLength(1530);
      const ajv = new Ajv({ allErrors: true, strict: false });
      addFormats(ajv);
      const validate = ajv.compile(SCHEMA);
      for (const entry of all) {
        const {
          missing_required: missing = [],
          invalid_fields: invalid = [],
          ...rest
        } = entry as { missing_required?: string[]; invalid_fields?: string[] };
        validate(rest);
        const unexplained = (validate.errors ?? []).filter(
          (e) =>
            !(e.keyword === 'required' && missing.includes(String(e.params.missingProperty))) &&
            !(e.keyword === 'maxLength' && invalid.includes(e.instancePath.slice(1))),
        );
        expect(unexplained).toEqual([]);
      }
    },
    30_000,
  );

  it('imports the 27 Publicatiestandaard v1.0 examples for a named organisation, HTML sanitized', async () => {
    let created = 0;
    for (const file of readdirSync(EXAMPLES)) {
      const report = await importer.importBuffer(
        operatorContext(),
        readFileSync(join(EXAMPLES, file)),
        {
          organisation: 'Gemeente Voorbeeld',
        },
      );
      expect(report.refused).toBe(0);
      created += report.created;
    }
    expect(created).toBe(27);
    const res = await request(t.url)
      .get('/api/v1/register?organisation=gemeente-voorbeeld')
      .expect(200);
    expect(res.body.total).toBe(27);
    const amsterdam = await ds.getRepository(Algorithm).findOneByOrFail({
      sourceId: 'gemeente-amsterdam-meldingen-openbare-ruimte',
    });
    expect(amsterdam.purposeAndImpact).toMatch(/^<p>/);
    expect(amsterdam.purposeAndImpact).not.toContain('<div>');
    const record = (
      await request(t.url).get(`/api/v1/register/${amsterdam.publicId}/publicatiestandaard`)
    ).body;
    expect(record.missing_required).toContain('impact_assessments');
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const { missing_required: missing, ...rest } = record;
    expect(missing.length).toBeGreaterThan(0);
    // Apart from the missing fields, what was imported is valid in the standard.
    ajv.validate(SCHEMA, rest);
    const otherErrors = (ajv.errors ?? []).filter((e) => e.keyword !== 'required');
    expect(otherErrors).toEqual([]);
  });

  it('strips scripts and event handlers from imported HTML and shows the rest as text', async () => {
    const report = await importer.importBuffer(
      operatorContext(),
      json({
        id: 'xss-1',
        name: '<b>Vet</b> "><img src=x onerror=alert(1)>',
        organization: 'Gemeente Veilig',
        status: 'In gebruik',
        goal: '<p onclick="x()">Doel</p><script>alert(1)</script><a href="javascript:alert(1)">klik</a>',
        website: 'javascript:alert(1)',
      }),
    );
    expect(report.created).toBe(1);
    expect(report.problems).toEqual([
      expect.objectContaining({ id: 'xss-1', field: 'link', refused: false }),
    ]);
    const algorithm = await ds.getRepository(Algorithm).findOneByOrFail({ sourceId: 'xss-1' });
    expect(algorithm.purposeAndImpact).toBe('<p>Doel</p><a>klik</a>');
    const page = await request(t.url)
      .get(`/register/${algorithm.publicId}`)
      .redirects(1)
      .set('accept', 'text/html');
    expect(page.text).not.toMatch(/<img src=x/);
    expect(page.text).toContain('&lt;b&gt;Vet&lt;/b&gt;');
    expect(page.text).not.toContain('onclick');
  });

  it('reports each invalid entry with its id, field and reason and still imports the rest', async () => {
    const report = await importer.importBuffer(
      operatorContext(),
      json([
        { id: 'ok-1', name: 'Goed', organization: 'Gemeente Mix', status: 'In gebruik' },
        { id: 'bad-1', name: 'Slecht', organization: 'Gemeente Mix', status: 'Misschien' },
        { id: 'bad-2', organization: 'Gemeente Mix', status: 'In gebruik' },
        { id: 'bad-3', name: 'x'.repeat(120), organization: 'Gemeente Mix', status: 'In gebruik' },
        'geen object',
      ]),
    );
    expect(report).toMatchObject({ created: 1, refused: 4 });
    expect(report.problems).toEqual(
      expect.arrayContaining([
        { id: 'bad-1', field: 'status', reason: 'unknown status "Misschien"', refused: true },
        { id: 'bad-2', field: 'name', reason: 'missing', refused: true },
        expect.objectContaining({ id: 'bad-3', field: 'name', refused: true }),
        expect.objectContaining({ id: '#5', refused: true }),
      ]),
    );
  });

  it('imports a complete entry with a 100-character name whole; ?complete=true leaves it out', async () => {
    const complete = {
      organization: 'Gemeente Lang',
      description_short: 'Kort.',
      theme: ['Natuur en milieu'],
      status: 'In gebruik',
      start_date: '2024-01',
      contact: 'algoritmes@lang.example',
      publication_category: 'B',
      purpose_and_impact: 'Doel.',
      considerations: 'Afwegingen.',
      human_intervention: 'Menselijke tussenkomst.',
      risk_management: 'Risicobeheer.',
      legal_basis: 'Gemeentewet',
      impact_assessments: 'DPIA',
      data: 'Gegevens.',
      technical_operation: 'Werking.',
      supplier: 'Eigen ontwikkeling',
      language: 'nld',
      schema: '1.0.0',
    };
    const report = await importer.importBuffer(
      operatorContext(),
      json([
        { ...complete, id: 'lang-100', name: 'L'.repeat(100) },
        { ...complete, id: 'lang-99', name: 'K'.repeat(99) },
        { ...complete, id: 'lang-101', name: 'M'.repeat(101) },
      ]),
    );
    expect(report).toMatchObject({ created: 2, refused: 1 });
    expect(report.problems).toEqual([
      {
        id: 'lang-101',
        field: 'name',
        reason: 'longer than 100 characters (101)',
        refused: true,
      },
    ]);
    const long = await ds.getRepository(Algorithm).findOneByOrFail({ sourceId: 'lang-100' });
    const one = (
      await request(t.url).get(`/api/v1/register/${long.publicId}/publicatiestandaard`).expect(200)
    ).body;
    expect(one.name).toBe('L'.repeat(100));
    expect(one.invalid_fields).toEqual(['name']);
    expect(one.missing_required).toBeUndefined();
    const exported = (
      await request(t.url)
        .get('/api/v1/register/export/publicatiestandaard?complete=true')
        .expect(200)
    ).body as { name: string }[];
    expect(exported.map((r) => r.name)).toContain('K'.repeat(99));
    expect(exported.map((r) => r.name)).not.toContain('L'.repeat(100));
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    for (const record of exported) expect(ajv.validate(SCHEMA, record)).toBe(true);
  });

  it('publishes a changed entry as a new version', async () => {
    const entry = {
      id: 'change-1',
      name: 'Eerste naam',
      organization: 'Gemeente Wissel',
      status: 'In gebruik',
    };
    await importer.importBuffer(
      operatorContext(),
      json({ ...entry, purpose_and_impact: 'Eerst een doel', link: 'https://eerst.example' }),
    );
    const second = await importer.importBuffer(
      operatorContext(),
      json({ ...entry, status: 'Buiten gebruik' }),
    );
    expect(second).toMatchObject({ created: 0, updated: 1 });
    const algorithm = await ds.getRepository(Algorithm).findOneByOrFail({ sourceId: 'change-1' });
    // What the new version leaves out is emptied, not kept from the old one.
    expect(algorithm).toMatchObject({ purposeAndImpact: null, link: null, sourceId: 'change-1' });
    const api = await request(t.url).get(`/api/v1/register/${algorithm.publicId}`).expect(200);
    expect(api.body.history.map((h: { version: number }) => h.version)).toEqual([2, 1]);
    expect(api.body.record.status).toBe('Buiten gebruik');
  });

  it.each([
    ['wrong JSON', Buffer.from('{"algoritmes": ['), /not valid JSON/],
    ['the wrong shape', Buffer.from('{"hallo": 1}'), /neither the national register listing/],
    ['the wrong encoding', Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d]), /not UTF-8/],
    ['an empty list', Buffer.from('[]'), /empty list/],
  ])(
    'refuses a file with %s as a whole, with a reason, importing nothing',
    async (_label, bytes, reason) => {
      const before = await ds.getRepository(Algorithm).count();
      await expect(importer.importBuffer(operatorContext(), bytes)).rejects.toThrow(
        ImportInputError,
      );
      await expect(importer.importBuffer(operatorContext(), bytes)).rejects.toThrow(reason);
      expect(await ds.getRepository(Algorithm).count()).toBe(before);
    },
  );

  describe('from the command line', () => {
    let dir: string;
    let printed: string[];
    let failed: string[];

    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'waarborg-import-'));
      printed = [];
      failed = [];
      jest.spyOn(console, 'log').mockImplementation((line: string) => void printed.push(line));
      jest.spyOn(console, 'error').mockImplementation((line: string) => void failed.push(line));
    });
    afterEach(() => {
      jest.restoreAllMocks();
      rmSync(dir, { recursive: true, force: true });
      process.exitCode = undefined;
    });

    const latestImportEvent = async () =>
      (
        await ds
          .getRepository(AuditEvent)
          .find({ where: { action: 'register.import' }, order: { seq: 'DESC' }, take: 1 })
      )[0];

    it('records the import in the audit trail, with the operator as its actor', async () => {
      const file = join(dir, 'terminal.json');
      writeFileSync(
        file,
        JSON.stringify([{ id: 'cli-1', name: 'Vanaf de terminal', status: 'In gebruik' }]),
      );
      await runImportCommand(t.app, [file, '--organisation', 'Gemeente Terminal']);
      expect(failed).toEqual([]);
      expect(printed.at(-1)).toMatch(
        /^publicatiestandaard-v1\.0: 1 entries read in .* 1 created, 0 updated, 0 unchanged, 0 refused \(1 organisations created\)$/,
      );
      const event = await latestImportEvent();
      const terminal = await ds
        .getRepository(Organisation)
        .findOneByOrFail({ name: 'Gemeente Terminal' });
      expect(event).toMatchObject({
        objectType: 'register',
        result: 'success',
        actorUserId: null,
        actorRole: null,
        organisationId: terminal.id,
        address: null,
      });
      expect(event.details).toEqual({
        file: 'terminal.json',
        bytes: readFileSync(file).length,
        format: 'publicatiestandaard-v1.0',
        organisation: 'Gemeente Terminal',
        total: 1,
        created: 1,
        updated: 0,
        unchanged: 0,
        refused: 0,
        organisationsCreated: 1,
      });
    });

    it('prints one sentence for a file it refuses, importing and recording nothing', async () => {
      const file = join(dir, 'broken.json');
      writeFileSync(file, '[]');
      const before = await latestImportEvent();
      await runImportCommand(t.app, [file]);
      expect(failed).toEqual(['Nothing imported: the file holds an empty list.']);
      expect(process.exitCode).toBe(1);
      expect((await latestImportEvent()).seq).toBe(before.seq);
      await runImportCommand(t.app, [file, '--organisation', 'O'.repeat(100)]);
      expect(failed[1]).toBe(
        'Nothing imported: the organisation name is longer than 99 characters.',
      );
    });
  });
});
