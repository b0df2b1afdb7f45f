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
import { IMPORT_PART_SIZE, ImportService } from '../src/import/import.service';
import { Publication } from '../src/publications/entities/publication.entity';
import { PublicationService } from '../src/publications/publication.service';
import { makeOrganisation } from './support/factories';
import { publishAlgorithm } from './support/register-factories';
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
      const first = await importer.importFile(
        operatorContext(),
        { bytes },
        {
          onProgress: (done) => progress.push(done),
        },
      );
      expect(first.format).toBe('national-listing');
      expect(first.total).toBe(1530);
      expect(first.created).toBe(1530);
      expect(first.refused).toBe(0);
      expect(first.problems).toEqual([]);
      expect(first.organisationsCreated).toBe(336);
      expect(progress.length).toBeGreaterThan(10);

      const again = await importer.importFile(operatorContext(), { bytes });
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
    // The listing read twice (checked, then written in parts): on PostgreSQL on a busy machine
    // this takes longer than the default.
    120_000,
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
    'labels listing entries as from the national register, without inventing values, and the complete export validates',
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
      // Not "incomplete": the listing carries only these fields; the entry says so and links it.
      expect(page.text).not.toContain('Deze registratie is onvolledig');
      expect(page.text).toContain('Geïmporteerd');
      expect(page.text).toContain('Deze registratie komt uit het overzicht van het landelijke');
      expect(page.text).toContain('href="https://algoritmes.overheid.nl/nl/algoritme/11373562"');
      expect(page.text).toContain(
        'Impacttoets uitgevoerd (volgens het landelijke register): <strong>Onbekend</strong>',
      );
      const entry = (await request(t.url).get(`/api/v1/register/${id}`).expect(200)).body;
      expect(entry.nationalRegister).toEqual({
        id: '11373562',
        url: 'https://algoritmes.overheid.nl/nl/algoritme/11373562',
        impactAssessment: 'Onbekend',
      });
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
      const report = await importer.importFile(
        operatorContext(),
        { bytes: readFileSync(join(EXAMPLES, file)) },
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
    const report = await importer.importFile(operatorContext(), {
      bytes: json({
        id: 'xss-1',
        name: '<b>Vet</b> "><img src=x onerror=alert(1)>',
        organization: 'Gemeente Veilig',
        status: 'In gebruik',
        goal: '<p onclick="x()">Doel</p><script>alert(1)</script><a href="javascript:alert(1)">klik</a>',
        website: 'javascript:alert(1)',
      }),
    });
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
    const report = await importer.importFile(operatorContext(), {
      bytes: json([
        { id: 'ok-1', name: 'Goed', organization: 'Gemeente Mix', status: 'In gebruik' },
        { id: 'bad-1', name: 'Slecht', organization: 'Gemeente Mix', status: 'Misschien' },
        { id: 'bad-2', organization: 'Gemeente Mix', status: 'In gebruik' },
        { id: 'bad-3', name: 'x'.repeat(120), organization: 'Gemeente Mix', status: 'In gebruik' },
        'geen object',
      ]),
    });
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
    const report = await importer.importFile(operatorContext(), {
      bytes: json([
        { ...complete, id: 'lang-100', name: 'L'.repeat(100) },
        { ...complete, id: 'lang-99', name: 'K'.repeat(99) },
        { ...complete, id: 'lang-101', name: 'M'.repeat(101) },
      ]),
    });
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

  it('imports the listing’s impact-assessment flag and shows it, a change of it without a new version', async () => {
    const listing = (flag: string) =>
      json({
        algoritmes: [
          {
            id: '99000001',
            title: 'Woningtoewijzing vlaggetest',
            organisatie: 'Gemeente Vlagstad',
            doel: 'Wijst woningen toe.',
            status: 'in_gebruik',
            impactassessment: flag,
            url: 'https://algoritmes.overheid.nl/nl/algoritme/99000001',
          },
        ],
      });
    const first = await importer.importFile(operatorContext(), { bytes: listing('Nee') });
    expect(first).toMatchObject({ created: 1, refused: 0 });
    const algorithm = await ds.getRepository(Algorithm).findOneByOrFail({ sourceId: '99000001' });
    const entry = async () =>
      (await request(t.url).get(`/api/v1/register/${algorithm.publicId}`).expect(200)).body;
    expect((await entry()).nationalRegister).toMatchObject({ impactAssessment: 'Nee' });

    const again = await importer.importFile(operatorContext(), { bytes: listing('Ja') });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    const after = await entry();
    expect(after.nationalRegister).toMatchObject({ impactAssessment: 'Ja' });
    expect(after.history).toHaveLength(1);
    const page = await request(t.url)
      .get(`/en/register/${algorithm.publicId}`)
      .redirects(1)
      .set('accept', 'text/html')
      .expect(200);
    expect(page.text).toContain('<strong>Yes</strong>');
    expect(page.text).toContain('href="https://algoritmes.overheid.nl/en/algoritme/99000001"');

    const odd = await importer.importFile(operatorContext(), { bytes: listing('Misschien') });
    expect(odd.problems).toEqual([
      expect.objectContaining({ id: '99000001', field: 'impactassessment', refused: false }),
    ]);
    expect((await entry()).nationalRegister).toMatchObject({ impactAssessment: null });
    const cards = await request(t.url)
      .get('/register?q=vlaggetest')
      .set('accept', 'text/html')
      .expect(200);
    expect(cards.text).toContain('(geïmporteerd)');
    expect(cards.text).not.toContain('(onvolledig)');
  });

  it('gives a listing entry’s card the beginning of its purpose, cut at a word, and invents no short description', async () => {
    const purpose = `Het model schat per wijk de vraag naar schuldhulpverlening. ${'De uitkomst helpt bij het plannen van de capaciteit van de teams. '.repeat(6)}Slotzin.`;
    const result = await importer.importFile(operatorContext(), {
      bytes: json({
        algoritmes: [
          {
            id: '99000002',
            title: 'Kaarttekst schuldhulp',
            organisatie: 'Gemeente Kaartstad',
            doel: purpose,
            status: 'in_gebruik',
            impactassessment: 'Nee',
            url: 'https://algoritmes.overheid.nl/nl/algoritme/99000002',
          },
          {
            id: '99000003',
            title: 'Kaarttekst zonder doel',
            organisatie: 'Gemeente Kaartstad',
            status: 'in_gebruik',
            impactassessment: 'Nee',
            url: 'https://algoritmes.overheid.nl/nl/algoritme/99000003',
          },
        ],
      }),
    });
    expect(result).toMatchObject({ created: 2, refused: 0 });

    const api = await request(t.url).get('/api/v1/register?q=Kaarttekst').expect(200);
    expect(api.body.items).toHaveLength(2);
    expect(api.body.items.map((i: { descriptionShort: string }) => i.descriptionShort)).toEqual([
      '',
      '',
    ]);
    // A card with nothing to say under the name has no empty paragraph.
    const both = await request(t.url)
      .get('/register?q=Kaarttekst')
      .set('accept', 'text/html')
      .expect(200);
    expect(both.text).toContain('Kaarttekst</mark> zonder doel');
    expect(both.text.match(/<p class="utrecht-paragraph" lang="nl">/g)).toHaveLength(1);

    const page = await request(t.url)
      .get('/register?q=schuldhulpverlening')
      .set('accept', 'text/html')
      .expect(200);
    const card = /<p class="utrecht-paragraph" lang="nl">([^<]*<mark>[^<]*<\/mark>[^<]*)<\/p>/.exec(
      page.text,
    );
    expect(card?.[1]).toMatch(
      /^Het model schat per wijk de vraag naar <mark>schuldhulpverlening<\/mark>\. De uitkomst/,
    );
    const shown = card![1]
      .replace(/<\/?mark>/g, '')
      .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)));
    expect(shown.length).toBeLessThanOrEqual(300);
    // Whole words only, then the ellipsis; the rest of the purpose is on the entry's page.
    expect(shown.endsWith('…')).toBe(true);
    expect(purpose.startsWith(shown.slice(0, -1))).toBe(true);
    expect(purpose[shown.length - 1]).toBe(' ');
    expect(shown).not.toContain('Slotzin');

    const feed = await request(t.url).get('/organisaties/gemeente-kaartstad/feed.atom').expect(200);
    expect(feed.text).toContain('<summary type="text">Het model schat per wijk');
  });

  it('publishes a changed entry as a new version', async () => {
    const entry = {
      id: 'change-1',
      name: 'Eerste naam',
      organization: 'Gemeente Wissel',
      status: 'In gebruik',
    };
    await importer.importFile(operatorContext(), {
      bytes: json({
        ...entry,
        purpose_and_impact: 'Eerst een doel',
        link: 'https://eerst.example',
      }),
    });
    const second = await importer.importFile(operatorContext(), {
      bytes: json({ ...entry, status: 'Buiten gebruik' }),
    });
    expect(second).toMatchObject({ created: 0, updated: 1 });
    const algorithm = await ds.getRepository(Algorithm).findOneByOrFail({ sourceId: 'change-1' });
    // What the new version leaves out is emptied, not kept from the old one.
    expect(algorithm).toMatchObject({ purposeAndImpact: null, link: null, sourceId: 'change-1' });
    const api = await request(t.url).get(`/api/v1/register/${algorithm.publicId}`).expect(200);
    expect(api.body.history.map((h: { version: number }) => h.version)).toEqual([2, 1]);
    expect(api.body.record.status).toBe('Buiten gebruik');
  });

  describe('an entry that came from the workflow', () => {
    let groningen: Organisation;
    let chatbot: Algorithm;

    beforeAll(async () => {
      groningen = await makeOrganisation(ds, 'Gemeente Werkstroomstad');
      ({ algorithm: chatbot } = await publishAlgorithm(
        ds,
        t.app.get(PublicationService),
        groningen.id,
        { name: 'Chatbot Gemeente Groningen', sourceId: 'gron-chatbot' },
      ));
    });

    it('is never overwritten or republished by an import, whoever imports, and is reported refused with the reason', async () => {
      const before = await ds.getRepository(Algorithm).findOneByOrFail({ id: chatbot.id });
      const versions = await ds.getRepository(Publication).countBy({ algorithmId: chatbot.id });
      const report = await importer.importFile(
        operatorContext(),
        {
          bytes: json([
            {
              id: 'gron-chatbot',
              name: 'Chatbot (gewijzigd door Rotterdam)',
              organization: 'Gemeente Werkstroomstad',
              status: 'Buiten gebruik',
            },
            {
              id: 'gron-nieuw',
              name: 'Nieuw',
              organization: 'Gemeente Werkstroomstad',
              status: 'In gebruik',
            },
          ]),
        },
        { filename: 'rotterdam.json' },
      );
      expect(report).toMatchObject({ created: 1, updated: 0, refused: 1 });
      expect(report.problems).toEqual([
        {
          id: 'gron-chatbot',
          field: 'id',
          reason:
            'published through the assessment workflow; an import never changes such an entry',
          refused: true,
        },
      ]);
      expect(await ds.getRepository(Algorithm).findOneByOrFail({ id: chatbot.id })).toEqual(before);
      expect(before).toMatchObject({ origin: 'workflow', name: 'Chatbot Gemeente Groningen' });
      expect(await ds.getRepository(Publication).countBy({ algorithmId: chatbot.id })).toBe(
        versions,
      );
      const [event] = await ds
        .getRepository(AuditEvent)
        .find({ where: { action: 'register.import' }, order: { seq: 'DESC' }, take: 1 });
      expect(event.details).toMatchObject({
        file: 'rotterdam.json',
        created: 1,
        refused: 1,
        workflowEntries: ['gron-chatbot'],
      });
      const api = await request(t.url).get(`/api/v1/register/${chatbot.publicId}`).expect(200);
      expect(api.body.record.name).toBe('Chatbot Gemeente Groningen');
    });
  });

  describe('a file of several parts', () => {
    const entries = (prefix: string, n: number) =>
      Array.from({ length: n }, (_, i) => ({
        id: `${prefix}-${i}`,
        name: `Deel ${prefix} ${i}`,
        organization: 'Gemeente Delen',
        status: 'In gebruik',
      }));
    const importEvents = async (file: string) =>
      (
        await ds
          .getRepository(AuditEvent)
          .find({ where: { action: 'register.import' }, order: { seq: 'ASC' } })
      ).filter((e) => (e.details as { file?: string }).file === file);

    it(`writes ${IMPORT_PART_SIZE} entries per transaction, each part audited, the counts adding up to the file`, async () => {
      const file = json([...entries('a', 2 * IMPORT_PART_SIZE + 50), 'geen object']);
      const report = await importer.importFile(
        operatorContext(),
        { bytes: file },
        {
          filename: 'delen.json',
        },
      );
      expect(report).toMatchObject({
        total: 2 * IMPORT_PART_SIZE + 51,
        created: 2 * IMPORT_PART_SIZE + 50,
        refused: 1,
      });
      const events = await importEvents('delen.json');
      expect(events.map((e) => e.details)).toEqual(
        [IMPORT_PART_SIZE + 1, IMPORT_PART_SIZE, 50].map((total, i) =>
          expect.objectContaining({
            part: i + 1,
            parts: 3,
            total,
            created: i === 2 ? 50 : IMPORT_PART_SIZE,
            refused: i === 0 ? 1 : 0,
          }),
        ),
      );
    });

    it('keeps the parts written before a failure whole and audited, and the same file again finishes the import', async () => {
      const file = json(entries('b', 2 * IMPORT_PART_SIZE + 10));
      const publications = t.app.get(PublicationService);
      const publish = publications.publish.bind(publications);
      let calls = 0;
      const failing = jest.spyOn(publications, 'publish').mockImplementation(async (em, input) => {
        if (++calls === IMPORT_PART_SIZE + 5) throw new Error('schijf vol');
        return publish(em, input);
      });
      await expect(
        importer.importFile(operatorContext(), { bytes: file }, { filename: 'onderbroken.json' }),
      ).rejects.toThrow('schijf vol');
      failing.mockRestore();
      const written = await ds.query(
        "SELECT COUNT(*) AS n FROM algorithms WHERE source_id LIKE 'b-%'",
      );
      expect(Number(written[0].n)).toBe(IMPORT_PART_SIZE);
      const published = await ds.query(
        `SELECT COUNT(*) AS n FROM register_entries r JOIN algorithms a ON a.id = r.algorithm_id
         WHERE a.source_id LIKE 'b-%'`,
      );
      expect(Number(published[0].n)).toBe(IMPORT_PART_SIZE);
      expect((await importEvents('onderbroken.json')).map((e) => e.details)).toEqual([
        expect.objectContaining({ part: 1, parts: 3, created: IMPORT_PART_SIZE }),
      ]);
      const again = await importer.importFile(operatorContext(), { bytes: file });
      expect(again).toMatchObject({ created: 10 + IMPORT_PART_SIZE, unchanged: IMPORT_PART_SIZE });
    });
  });

  it('refuses a file over 20 MB from the command line before reading it, and a file it cannot open', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'waarborg-import-'));
    const failed: string[] = [];
    jest.spyOn(console, 'error').mockImplementation((line: string) => void failed.push(line));
    try {
      const big = join(dir, 'groot.json');
      writeFileSync(big, Buffer.alloc(20 * 1024 * 1024 + 1, 0x20));
      await runImportCommand(t.app, [big, '--organisation', 'Gemeente Groot']);
      await runImportCommand(t.app, [join(dir, 'bestaat-niet.json')]);
      expect(failed).toEqual([
        'The file is larger than 20 MB. Nothing was imported.',
        expect.stringMatching(/^Cannot read .*bestaat-niet\.json: ENOENT/),
      ]);
      expect(process.exitCode).toBe(1);
    } finally {
      jest.restoreAllMocks();
      rmSync(dir, { recursive: true, force: true });
      process.exitCode = undefined;
    }
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
      await expect(importer.importFile(operatorContext(), { bytes })).rejects.toThrow(
        ImportInputError,
      );
      await expect(importer.importFile(operatorContext(), { bytes })).rejects.toThrow(reason);
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
        part: 1,
        parts: 1,
        total: 1,
        created: 1,
        updated: 0,
        unchanged: 0,
        refused: 0,
        organisationsCreated: 1,
        workflowEntries: [],
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
