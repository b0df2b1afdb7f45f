import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Algorithm } from '../src/algorithms/entities/algorithm.entity';
import { Condition } from '../src/assessments/entities/condition.entity';
import { createApp } from '../src/app.factory';
import { q } from '../src/database/sql';
import { Feedback } from '../src/feedback/entities/feedback.entity';
import { Organisation } from '../src/organisations/entities/organisation.entity';
import { PublicationService } from '../src/publications/publication.service';
import { rebuildRegisterIndex } from '../src/register/read-model/register-index';
import { RegisterService } from '../src/register/register.service';
import { Browser } from './support/browser';
import { spreadsheetCells } from './support/spreadsheet';
import { makeOrganisation } from './support/factories';
import {
  currentRegisterIndex,
  publishAlgorithm,
  republish,
  summaryFor,
} from './support/register-factories';
import { fixtureTemplate } from './support/checklist-fixture';
import { offerTemplate } from './support/templates';
import { startTestApp, TestApp } from './support/test-app';

const SCHEMA = JSON.parse(
  readFileSync(
    join(__dirname, '..', '..', 'shared', 'data', 'publicatiestandaard-v1.0.schema.json'),
    'utf8',
  ),
) as object;

describe('Public register', () => {
  let t: TestApp;
  let ds: DataSource;
  let publications: PublicationService;
  let groningen: Organisation;
  let rotterdam: Organisation;
  let parkeren: Algorithm;
  let assessedId: string;

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.dataSource;
    publications = t.app.get(PublicationService);
    groningen = await makeOrganisation(ds, 'Gemeente Groningen Test');
    rotterdam = await makeOrganisation(ds, 'Gemeente Rotterdam Test');
    ({ algorithm: parkeren } = await publishAlgorithm(ds, publications, groningen.id, {
      name: 'Parkeervergunningen toekennen',
      descriptionShort: 'Beoordeelt aanvragen voor een parkeervergunning.',
      themes: ['Verkeer'],
    }));
    const assessed = await publishAlgorithm(
      ds,
      publications,
      rotterdam.id,
      {
        name: 'Bijstandsfraude signaleren',
        themes: ['Sociale zekerheid'],
        status: 'In ontwikkeling',
      },
      { summary: summaryFor(4242) },
    );
    assessedId = assessed.algorithm.publicId;
    await publishAlgorithm(ds, publications, rotterdam.id, {
      name: '<script>alert(1)</script> Afvalcontainers legen',
      descriptionShort: '"><img src=x onerror=alert(1)> plant het legen van afvalcontainers',
      link: 'javascript:alert(1)',
      themes: ['Natuur en milieu'],
      publicationCategory: 'C',
    });
  });
  afterAll(() => t.close());

  const page = (path: string) => request(t.url).get(path).set('accept', 'text/html');
  const api = (path: string) => request(t.url).get(path).set('accept', 'application/json');

  describe('list', () => {
    it('lists every published entry with "N algoritmes gevonden" as the caption', async () => {
      const res = await page('/register').expect(200);
      expect(res.text).toContain('3 algoritmes gevonden');
      expect(res.text).toContain('Parkeervergunningen toekennen');
      expect(res.text).toContain('Bijstandsfraude signaleren');
    });

    it('shows the published version, not a draft change on the algorithm row', async () => {
      await ds.getRepository(Algorithm).update({ id: parkeren.id }, { name: 'Geheim concept' });
      const res = await page('/register').expect(200);
      expect(res.text).not.toContain('Geheim concept');
      expect(res.text).toContain('Parkeervergunningen toekennen');
      await ds
        .getRepository(Algorithm)
        .update({ id: parkeren.id }, { name: 'Parkeervergunningen toekennen' });
    });

    it('finds Dutch word forms by their beginning and highlights the match safely', async () => {
      const res = await page('/register?q=parkeer').expect(200);
      expect(res.text).toContain('1 algoritme gevonden');
      expect(res.text).toContain('<mark>Parkeervergunningen</mark>');
      // The card says the short description, its own text being the same (card_text null).
      expect(res.text).toContain('Beoordeelt aanvragen voor een <mark>parkeervergunning</mark>.');
      const hit = await page('/register?q=afvalcontainer').expect(200);
      expect(hit.text).toContain('1 algoritme gevonden');
      expect(hit.text).not.toContain('<script>alert(1)</script>');
      expect(hit.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(hit.text).not.toMatch(/<img src=x/);
    });

    it("shows each card's organisation, status, category and outcome, as its entry has them", async () => {
      // The cards take these from the facet index, not from the rows (FacetIndex.facetsOf): each
      // card must still name its own entry's, in a list of entries that differ in every one.
      const res = await page('/register?sort=name').expect(200);
      const cards = res.text.split('<li class="waarborg-card">').slice(1);
      const facts = (name: string) => {
        const card = cards.find((c) => c.includes(name));
        if (!card) throw new Error(`no card for ${name}`);
        return card.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
      };
      const fraude = facts('Bijstandsfraude signaleren');
      expect(fraude).toContain('Organisatie: Gemeente Rotterdam Test');
      expect(fraude).toContain('Status: In ontwikkeling');
      expect(res.text).toMatch(
        /href="\/organisaties\/gemeente-rotterdam-test">Gemeente Rotterdam Test</,
      );
      const parkeer = facts('Parkeervergunningen toekennen');
      expect(parkeer).toContain('Organisatie: Gemeente Groningen Test');
      expect(parkeer).toContain('Status: In gebruik');
      expect(parkeer).not.toContain('C: overig');
      const afval = facts('Afvalcontainers legen');
      expect(afval).toContain('Organisatie: Gemeente Rotterdam Test');
      expect(afval).toContain('Categorie: C: overig');
      expect(afval).toContain('Uitkomst toetsing: Niet getoetst in Waarborg');
      expect(fraude).not.toContain('Niet getoetst in Waarborg');
      // The facts are made and rendered once per combination and language (cardFacts,
      // partialOnce): the English page has its own, and the Dutch one keeps its own after it.
      const english = await page('/en/register?sort=name').expect(200);
      const englishCard = english.text
        .split('<li class="waarborg-card">')
        .find((c) => c.includes('Bijstandsfraude signaleren'));
      expect(englishCard?.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')).toContain(
        'Organisation: Gemeente Rotterdam Test',
      );
      expect(englishCard).toContain('In development');
      expect(englishCard).toContain('href="/en/organisaties/gemeente-rotterdam-test"');
      const again = await page('/register?sort=name&status=in-ontwikkeling').expect(200);
      expect(again.text).toContain('Organisatie:');
      expect(again.text).not.toContain('Organisation:');
    });

    it('filters by organisation, status, theme, category and outcome with counts, in the URL', async () => {
      const res = await page('/register?organisation=gemeente-rotterdam-test').expect(200);
      expect(res.text).toContain('2 algoritmes gevonden');
      const status = await page('/register?status=in-ontwikkeling').expect(200);
      expect(status.text).toContain('1 algoritme gevonden');
      expect(status.text).toContain('Bijstandsfraude signaleren');
      // Each chosen filter is named with its value, and can be taken off on its own.
      expect(status.text).toMatch(
        /Gekozen filters[\s\S]*Status: In ontwikkeling &mdash; <a [^>]*href="\/register">verwijder filter/,
      );
      expect(res.text).toMatch(
        /Organisatie: Gemeente Rotterdam Test &mdash; <a [^>]*href="\/register">/,
      );
      const theme = await page('/register?theme=Verkeer').expect(200);
      expect(theme.text).toContain('1 algoritme gevonden');
      const outcome = await page('/register?outcome=approved_with_conditions').expect(200);
      expect(outcome.text).toContain('1 algoritme gevonden');
      const all = await page('/register').expect(200);
      // The organisations (336 in the national listing) are one labelled select, each option
      // with its count; the chosen one is selected.
      const select =
        /<label [^>]*for="facet-organisation">Organisatie<\/label>[\s\S]*?<select [^>]*id="facet-organisation" name="organisation">([\s\S]*?)<\/select>/;
      expect(select.exec(all.text)?.[1]).toMatch(
        /^\s*<option value="">Alle organisaties<\/option>[\s\S]*<option value="gemeente-rotterdam-test">Gemeente Rotterdam Test \(2\)<\/option>/,
      );
      expect(select.exec(res.text)?.[1]).toContain(
        '<option value="gemeente-rotterdam-test" selected>Gemeente Rotterdam Test (2)</option>',
      );
      expect(all.text).not.toContain('type="radio" id="facet-organisation');
    });

    it('finds nothing, without an error, for an organisation that has no entries yet', async () => {
      // The search knows the organisations with entries; one without is looked up in the database.
      const empty = await makeOrganisation(ds, 'Gemeente Zonder Algoritmen');
      const res = await api(`/api/v1/register?organisation=${empty.slug}`).expect(200);
      expect(res.body.total).toBe(0);
      const html = await page(`/register?organisation=${empty.slug}`).expect(200);
      expect(html.text).not.toContain('class="waarborg-card"');
      // Its neighbour with entries still finds exactly its own.
      const own = await api(`/api/v1/register?organisation=${rotterdam.slug}`).expect(200);
      expect(own.body.total).toBe(2);
      expect(
        own.body.items.every((i: { organisation: string }) => i.organisation === rotterdam.name),
      ).toBe(true);
    });

    it("says each option's count in the page's language, one and many, whichever came first", async () => {
      const option = (text: string, name: string) =>
        new RegExp(`>${name}<span [^>]*>, ([^<]+)</span>`).exec(text)?.[1];
      for (const order of [
        ['nl', 'en'],
        ['en', 'nl'],
      ]) {
        const texts: Record<string, string> = {};
        for (const lang of order)
          texts[lang] = (await page(lang === 'nl' ? '/register' : '/en/register').expect(200)).text;
        expect(option(texts.nl, 'In gebruik')).toBe('2 algoritmes');
        expect(option(texts.en, 'In use')).toBe('2 algorithms');
        expect(texts.nl).toContain('<option value="">Alle organisaties</option>');
        expect(texts.en).toContain('<option value="">All organisations</option>');
        expect(option(texts.nl, 'Verkeer')).toBe('1 algoritme');
        expect(option(texts.en, 'Traffic')).toBe('1 algorithm');
      }
    });

    it('sorts by name, last change and organisation', async () => {
      const byName = await api('/api/v1/register?sort=name').expect(200);
      const names = byName.body.items.map((i: { name: string }) => i.name);
      expect(names).toEqual([...names].sort((a: string, b: string) => a.localeCompare(b)));
      const byOrg = await api('/api/v1/register?sort=organisation').expect(200);
      expect(byOrg.body.items[0].organisation).toBe('Gemeente Groningen Test');
    });

    it.each([
      ['quotes and search operators', '/register?q=%22parkeer%22%20OR%20NEAR(a%2Cb)%20*%20-x', 200],
      ['a search of 5,000 characters', `/register?q=${'a'.repeat(5000)}`, 400],
      ['an unknown status', '/register?status=verzonnen', 400],
      ['an unknown organisation', '/register?organisation=bestaat-niet', 400],
      ['page -1', '/register?page=-1', 400],
      ['page 10^9', '/register?page=1000000000', 400],
      ['a page after the last', '/register?page=2', 404],
      ['an unknown parameter', '/register?onbekend=1', 400],
    ])(
      'answers %s with the right status and a message, never a 500',
      async (_label, path, status) => {
        const res = await page(path);
        expect(res.status).toBe(status);
        expect(res.text).toContain('<h1');
        const json = await api(path.replace('/register', '/api/v1/register'));
        expect(json.status).toBe(status);
        if (status >= 400) expect(json.body.message).toEqual(expect.any(String));
      },
    );

    it('answers unknown ids with 404', async () => {
      await page('/register/zzzzzzzz').expect(404);
      await page('/register/x%27%22').expect(404);
      await api('/api/v1/register/zzzzzzzz').expect(404);
    });
  });

  describe('entry page', () => {
    it('redirects the bare id and a wrong slug to the readable address', async () => {
      const bare = await page(`/register/${parkeren.publicId}`).expect(301);
      expect(bare.headers.location).toBe(
        `/register/${parkeren.publicId}/parkeervergunningen-toekennen`,
      );
      const wrong = await page(`/en/register/${parkeren.publicId}/oud`).expect(301);
      expect(wrong.headers.location).toBe(
        `/en/register/${parkeren.publicId}/parkeervergunningen-toekennen`,
      );
    });

    it('shows the fields grouped as the national register groups them, and the last change', async () => {
      const res = await page(`/register/${parkeren.publicId}/parkeervergunningen-toekennen`).expect(
        200,
      );
      for (const heading of [
        'Algemene informatie',
        'Verantwoord gebruik',
        'Werking',
        'Laatst gewijzigd',
      ])
        expect(res.text).toContain(heading);
      expect(res.text).toContain('Menselijke tussenkomst');
      expect(res.text).toContain('Gemeente Groningen Test');
    });

    it('shows the assessment summary with its conditions and their live state', async () => {
      const url = `/register/${assessedId}/bijstandsfraude-signaleren`;
      const before = await page(url).expect(200);
      expect(before.text).toContain('Goedgekeurd met voorwaarden');
      expect(before.text).toContain('Privacy en gegevens');
      expect(before.text).toContain('Bewaartermijn korter maken.');
      expect(before.text).toContain('Toetsingskader Groningen (3)');
      expect(before.text).toContain('1 september 2027');
    });

    it('keeps every published version readable at its own address', async () => {
      await republish(ds, publications, parkeren, { descriptionShort: 'Nieuwe omschrijving.' });
      const current = await page(
        `/register/${parkeren.publicId}/parkeervergunningen-toekennen`,
      ).expect(200);
      expect(current.text).toContain('Nieuwe omschrijving.');
      expect(current.text).toContain(`/register/${parkeren.publicId}/v/1`);
      const first = await page(`/register/${parkeren.publicId}/v/1`).expect(200);
      expect(first.text).toContain('Beoordeelt aanvragen voor een parkeervergunning.');
      expect(first.text).toContain('versie 1');
      await page(`/register/${parkeren.publicId}/v/9`).expect(404);
    });

    it('renders script, attribute breakers and javascript: links as harmless text', async () => {
      const list = await api('/api/v1/register?q=afvalcontainers').expect(200);
      const res = await page(`/register/${list.body.items[0].publicId}`).redirects(1).expect(200);
      expect(res.text).not.toContain('<script>alert(1)</script>');
      expect(res.text).not.toMatch(/<img src=x/);
      expect(res.text).not.toMatch(/href="javascript:/);
      expect(res.text).toContain('javascript:alert(1)');
    });

    it('is in English under /en', async () => {
      const res = await page(
        `/en/register/${parkeren.publicId}/parkeervergunningen-toekennen`,
      ).expect(200);
      expect(res.text).toContain('General information');
      expect(res.text).toContain('Last changed');
    });
  });
  describe('conditions and caching', () => {
    it('shows a condition as open, reported and verified apart on the next request, and answers 304 when unchanged', async () => {
      const url = `/register/${assessedId}/bijstandsfraude-signaleren`;
      const first = await page(url).expect(200);
      const etag = first.headers.etag;
      expect(etag).toBeTruthy();
      expect(first.headers['last-modified']).toBeTruthy();
      await page(url).set('if-none-match', etag).expect(304);

      await insertCondition(ds, 4242);
      const open = await page(url).set('if-none-match', etag).expect(200);
      expect(open.text).toContain('Anonimiseer de testdata.');
      expect(open.text).toContain('nog open');
      expect(open.text).not.toContain('over de termijn');
      await ds
        .getRepository(Condition)
        .update(
          { assessmentId: 4242 },
          { state: 'reported', reportedAt: new Date('2026-10-01T00:00:00Z') },
        );
      const reported = await page(url).expect(200);
      expect(reported.text).toContain(
        'volgens de eigenaar vervuld op 1 oktober 2026, nog niet geverifieerd',
      );
      await ds
        .getRepository(Condition)
        .update(
          { assessmentId: 4242 },
          { state: 'verified', verifiedAt: new Date('2026-10-02T00:00:00Z') },
        );
      const verified = await page(url).expect(200);
      expect(verified.text).toContain('vervulling geverifieerd op 2 oktober 2026');
      const api = await request(t.url).get(`/api/v1/register/${assessedId}`).expect(200);
      expect(api.body.conditions).toEqual([
        {
          description: 'Anonimiseer de testdata.',
          dueDate: '2099-12-01',
          state: 'verified',
          overdue: false,
          reportedAt: '2026-10-01T00:00:00.000Z',
          verifiedAt: '2026-10-02T00:00:00.000Z',
        },
      ]);
    });

    it('moves the stamp with every change to a condition, however it is made', async () => {
      const etag = async () => (await page('/register').expect(200)).headers.etag;
      const template = await offerTemplate(t, fixtureTemplate(), rotterdam);
      const [assessment] = await q<{ id: number }>(
        ds,
        "INSERT INTO assessments (algorithm_id, template_id, state, version) VALUES (?, ?, 'approved_with_conditions', 1) RETURNING id",
        [parkeren.id, template.id],
      );
      const before = await etag();
      expect(await etag()).toBe(before);
      await q(
        ds,
        "INSERT INTO conditions (assessment_id, description, owner, due_date, version) VALUES (?, 'Bewaar de logboeken.', 'Team Data', '2099-01-01', 1)",
        [assessment.id],
      );
      const inserted = await etag();
      expect(inserted).not.toBe(before);
      // As from a console: the condition's version stays as it was.
      await q(ds, "UPDATE conditions SET owner = 'Team Privacy' WHERE assessment_id = ?", [
        assessment.id,
      ]);
      const updated = await etag();
      expect(updated).not.toBe(inserted);
      // The database deletes the conditions of a deleted assessment itself.
      await q(ds, 'DELETE FROM assessments WHERE id = ?', [assessment.id]);
      expect(
        await q(ds, 'SELECT id FROM conditions WHERE assessment_id = ?', [assessment.id]),
      ).toEqual([]);
      expect(await etag()).not.toBe(updated);
    });

    it('marks a condition past its due date and not verified as overdue', async () => {
      await insertCondition(ds, 4242, '2020-01-31');
      const url = `/register/${assessedId}/bijstandsfraude-signaleren`;
      const res = await page(url).expect(200);
      expect(res.text).toContain('over de termijn');
      const api = await request(t.url).get(`/api/v1/register/${assessedId}`).expect(200);
      expect(api.body.conditions[0]).toMatchObject({
        dueDate: '2020-01-31',
        state: 'open',
        overdue: true,
      });
    });

    it('keeps a page from the second time it is asked for, not the first', async () => {
      // The entry's name is changed behind the register's back (its version stays), so a page
      // answered from the cache shows the name it had when the page was kept.
      const rename = (name: string) =>
        q(ds, 'UPDATE register_entries SET name = ? WHERE algorithm_id = ?', [name, parkeren.id]);
      const url = '/register?q=parkeervergunningen&sort=changed';
      // Without the cards kept in memory (register-cards.ts), a page made again reads the rows.
      (await currentRegisterIndex(t.app.get(RegisterService))).cards = null;
      try {
        expect((await page(url).expect(200)).text).toContain('</mark> toekennen<');
        await rename('Parkeervergunningen toekennen (tweede)');
        // Asked for once before: made again, and kept now.
        expect((await page(url).expect(200)).text).toContain('toekennen (tweede)');
        await rename('Parkeervergunningen toekennen (derde)');
        const third = await page(url).expect(200);
        expect(third.text).toContain('toekennen (tweede)');
        expect(third.text).not.toContain('(derde)');
      } finally {
        await rename('Parkeervergunningen toekennen');
      }
    });

    it('shows a publication made through another instance on the next request', async () => {
      const other = await createApp(t.config);
      await other.init();
      await other.listen({ port: 0, host: '127.0.0.1' });
      try {
        const otherUrl = await other.getUrl();
        const before = await request(otherUrl).get('/register').expect(200);
        expect(before.text).not.toContain('Bomen tellen');
        await publishAlgorithm(ds, publications, groningen.id, { name: 'Bomen tellen' });
        const after = await request(otherUrl).get('/register').expect(200);
        expect(after.text).toContain('Bomen tellen');
        expect(after.headers.etag).not.toBe(before.headers.etag);
      } finally {
        await other.close();
      }
    });

    it('never serves a logged-out copy to a logged-in visitor or caches their page', async () => {
      const res = await page('/register').set('cookie', 'waarborg_session=bogus').expect(200);
      expect(res.headers.etag).toBeUndefined();
    });
  });

  describe('organisation pages', () => {
    it('lists the organisations with their counts and shows one organisation with its entries', async () => {
      const list = await page('/organisaties').expect(200);
      expect(list.text).toContain('Gemeente Rotterdam Test');
      const one = await page('/organisaties/gemeente-rotterdam-test').expect(200);
      expect(one.text).toContain('Bijstandsfraude signaleren');
      expect(one.text).not.toContain('Parkeervergunningen toekennen');
      expect(one.text).toContain('In ontwikkeling');
      await page('/organisaties/bestaat-niet').expect(404);
    });
  });

  describe('feedback', () => {
    it("stores a message for the entry's organisation and shows a confirmation", async () => {
      const b = new Browser(t.url);
      const form = `/register/${parkeren.publicId}/feedback`;
      const res = await b.post(
        form,
        { name: '', email: '', message: 'De begindatum klopt niet.' },
        form,
      );
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`${form}/bedankt`);
      await b.get(res.headers.location).expect(200);
      const stored = await ds
        .getRepository(Feedback)
        .findOneByOrFail({ message: 'De begindatum klopt niet.' });
      expect(stored).toMatchObject({
        algorithmId: parkeren.id,
        organisationId: groningen.id,
        name: null,
        email: null,
      });
    });

    it('shows the form again with the error beside the message field when it is empty', async () => {
      const b = new Browser(t.url);
      const form = `/register/${parkeren.publicId}/feedback`;
      const res = await b.post(form, { name: 'Jan', email: 'geen-adres', message: '' }, form);
      expect(res.status).toBe(400);
      expect(res.text).toContain('href="#field-message"');
      expect(res.text).toContain('value="Jan"');
      expect(res.text).toMatch(/id="field-email"[^>]*aria-invalid="true"/);
    });

    it('limits the number of messages from one address', async () => {
      await ds.query('DELETE FROM register_feedback_counters');
      const b = new Browser(t.url);
      const form = `/register/${parkeren.publicId}/feedback`;
      for (let i = 0; i < 5; i++) {
        const ok = await b.post(form, { message: `Bericht ${i}` }, form);
        expect(ok.status).toBe(303);
      }
      const refused = await b.post(form, { message: 'Nog een' }, form);
      expect(refused.status).toBe(429);
      expect(refused.text).toContain('Wacht tien minuten');
      await ds.query('DELETE FROM register_feedback_counters');
    });
  });

  describe('API and exports', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(SCHEMA);

    it('lists entries with total, pages and facet counts, with the same filters as the page', async () => {
      const res = await api('/api/v1/register?organisation=gemeente-rotterdam-test').expect(200);
      expect(res.body.total).toBe(2);
      expect(res.body.facets.status).toEqual(
        expect.arrayContaining([{ value: 'in-ontwikkeling', label: 'in-ontwikkeling', count: 1 }]),
      );
      expect(res.body.items[0]).toHaveProperty('publicId');
    });

    it('gives one entry with its assessment, conditions and history', async () => {
      const res = await api(`/api/v1/register/${assessedId}`).expect(200);
      expect(res.body.assessment.decision).toBe('approved_with_conditions');
      expect(res.body.history).toHaveLength(1);
      expect(res.body.record.language).toBe('nld');
    });

    it('exports workflow entries in the Publicatiestandaard, each valid against the national schema', async () => {
      const all = await api('/api/v1/register/export/publicatiestandaard').expect(200);
      expect(all.body.length).toBeGreaterThanOrEqual(3);
      for (const record of all.body) {
        const { missing_required: missing, ...rest } = record;
        expect(missing).toBeUndefined();
        expect(validate(rest)).toBe(true);
        expect(validate.errors ?? []).toEqual([]);
        expect(rest.schema).toBe('1.0.0');
      }
      const one = await api(`/api/v1/register/${parkeren.publicId}/publicatiestandaard`).expect(
        200,
      );
      expect(validate(one.body)).toBe(true);
    });

    it('marks an incomplete entry with missing_required and leaves it out with complete=true', async () => {
      const { algorithm } = await publishAlgorithm(
        ds,
        publications,
        groningen.id,
        { name: 'Onvolledig geïmporteerd', considerations: null, supplier: null, startDate: null },
        { origin: 'import' },
      );
      const one = await api(`/api/v1/register/${algorithm.publicId}/publicatiestandaard`).expect(
        200,
      );
      expect(one.body.missing_required).toEqual(['start_date', 'considerations', 'supplier']);
      const complete = await api(
        '/api/v1/register/export/publicatiestandaard?complete=true',
      ).expect(200);
      expect(
        complete.body.some((r: { name: string }) => r.name === 'Onvolledig geïmporteerd'),
      ).toBe(false);
      for (const record of complete.body) expect(validate(record)).toBe(true);
      const html = await page(`/register/${algorithm.publicId}`).redirects(1).expect(200);
      expect(html.text).toContain('Deze registratie is onvolledig');
      await api('/api/v1/register/export/publicatiestandaard?complete=ja').expect(400);
    });

    it('says on the card when an entry of its own workflow is incomplete', async () => {
      await publishAlgorithm(ds, publications, groningen.id, {
        name: 'Kaartlaag onvolledig',
        supplier: null,
      });
      await publishAlgorithm(ds, publications, groningen.id, { name: 'Kaartlaag volledig' });
      const cards = (await page('/register?q=kaartlaag').expect(200)).text;
      const card = (name: string) =>
        cards.slice(cards.indexOf(name), cards.indexOf('</li>', cards.indexOf(name)));
      expect(card('</mark> onvolledig</a>')).toContain('(onvolledig)');
      expect(card('</mark> volledig</a>')).not.toContain('(onvolledig)');
      expect(card('</mark> volledig</a>')).toContain('<dt>');
    });

    it('downloads CSV with a byte order mark and neutralised formulas', async () => {
      await publishAlgorithm(ds, publications, groningen.id, {
        name: '=HYPERLINK("http://x")',
        descriptionShort: '+31 plan',
      });
      const res = await request(t.url)
        .get('/api/v1/register.csv')
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      const body = res.body as Buffer;
      expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = body.toString('utf8');
      expect(text).toContain(`'=HYPERLINK`);
      expect(text).toContain(`'+31 plan`);
      expect(text).not.toMatch(/(^|,)=HYPERLINK/m);
    });

    it('offers an Atom feed with one item per publication, escaped', async () => {
      const res = await request(t.url).get('/register/feed.atom').expect(200);
      expect(res.headers['content-type']).toMatch(/application\/atom\+xml/);
      expect(res.text).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
      expect(res.text).toContain('&lt;script&gt;');
      expect(res.text).not.toContain('<script>');
      expect((res.text.match(/<entry>/g) ?? []).length).toBeGreaterThanOrEqual(5);
    });

    it('explains its terms on /begrippen, and every term link of the public pages finds its anchor', async () => {
      const terms = await page('/begrippen').expect(200);
      expect(terms.text).toContain('Beperkt risico');
      expect(terms.text).toContain('id="hertoetsing"');
      const ids = new Set([...terms.text.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
      for (const id of [
        'risico-high',
        'categorie-B',
        'uitkomst-approved_with_conditions',
        'aandachtspunt',
        'beslishulp',
      ])
        expect(ids).toContain(id);
      const english = await page('/en/begrippen').expect(200);
      expect(english.text).toContain('Terms explained');
      expect(english.text).toContain('Limited risk');

      const pages = [
        await page('/register').expect(200),
        await page(`/register/${assessedId}`).redirects(1).expect(200),
        await page(`/register/${parkeren.publicId}`).redirects(1).expect(200),
        await page('/organisaties/gemeente-rotterdam-test').expect(200),
      ];
      const links = pages.flatMap((p) =>
        [...p.text.matchAll(/href="\/begrippen#([^"]+)"/g)].map((m) => m[1]),
      );
      expect(links).toEqual(
        expect.arrayContaining([
          'risico-high',
          'uitkomst-approved_with_conditions',
          'status-in-ontwikkeling',
          'aandachtspunt',
          'hertoetsing',
        ]),
      );
      for (const link of links) expect(ids).toContain(link);
    });

    it('shows the standard’s values in English on English pages and marks the Dutch texts', async () => {
      const entry = await page(`/en/register/${assessedId}`).redirects(1).expect(200);
      expect(entry.text).toContain('>In development</a>');
      expect(entry.text).toContain('Social security');
      expect(entry.text).not.toContain('Sociale zekerheid');
      expect(entry.text).toContain(
        '<h1 class="utrecht-heading-1" lang="nl">Bijstandsfraude signaleren</h1>',
      );
      expect(entry.text).toContain('href="/en/begrippen#risico-high"');
      const list = await page('/en/register?theme=Verkeer').expect(200);
      expect(list.text).toContain('Traffic');
      expect(list.text).toMatch(/<p class="utrecht-paragraph" lang="nl">[^<]+<\/p>\s*<\/li>/);
    });

    const csvOf = async (path: string, separator = ',') => {
      const res = await request(t.url)
        .get(path)
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(res.status).toBe(200);
      const [header, ...rows] = spreadsheetCells(
        (res.body as Buffer).toString('utf8').replace(/^\uFEFF/, ''),
        separator,
      );
      const id = header.indexOf('public_id');
      return rows.filter((r) => r.length > 1).map((r) => r[id]);
    };

    it('downloads as CSV exactly the rows the search and filters find, every page of them', async () => {
      const searches = [
        'q=parkeer',
        'organisation=gemeente-rotterdam-test',
        'organisation=gemeente-rotterdam-test&status=in-ontwikkeling',
        'theme=Verkeer&sort=changed',
        'q=afval&organisation=gemeente-groningen-test',
      ];
      for (const search of searches) {
        const listed = await api(`/api/v1/register?${search}`).expect(200);
        const expected = listed.body.items.map((i: { publicId: string }) => i.publicId);
        expect(listed.body.pages).toBe(1);
        expect(await csvOf(`/api/v1/register.csv?${search}`)).toEqual(expected);
        expect(await csvOf(`/api/v1/register-semicolon.csv?${search}`, ';')).toEqual(expected);
      }
      expect(await csvOf('/api/v1/register.csv?q=parkeer')).toEqual([parkeren.publicId]);
      await request(t.url).get('/api/v1/register.csv?status=verzonnen').expect(400);
    });

    it('links the downloads with the search the page shows, on the register and an organisation', async () => {
      const res = await page('/register?q=parkeer&theme=Verkeer').expect(200);
      expect(res.text).toContain(
        'href="/api/v1/register.csv?q&#x3D;parkeer&amp;theme&#x3D;Verkeer"',
      );
      const org = await page('/organisaties/gemeente-rotterdam-test?status=in-ontwikkeling').expect(
        200,
      );
      expect(org.text).toContain(
        'href="/api/v1/register.csv?organisation&#x3D;gemeente-rotterdam-test&amp;status&#x3D;in-ontwikkeling"',
      );
      expect(
        await csvOf(
          '/api/v1/register.csv?organisation=gemeente-rotterdam-test&status=in-ontwikkeling',
        ),
      ).toEqual([assessedId]);
    });

    it("offers each organisation's own feed, announced on its pages and its entries' pages", async () => {
      const feed = await request(t.url)
        .get('/organisaties/gemeente-groningen-test/feed.atom')
        .expect(200);
      expect(feed.headers['content-type']).toMatch(/application\/atom\+xml/);
      expect(feed.text).toContain('Parkeervergunningen toekennen');
      expect(feed.text).not.toContain('Bijstandsfraude signaleren');
      expect(feed.text).toContain('/organisaties/gemeente-groningen-test/feed.atom"/>');
      await request(t.url).get('/organisaties/bestaat-niet/feed.atom').expect(404);

      const alternate = (slug: string) =>
        `<link rel="alternate" type="application/atom+xml" title="Gemeente Groningen Test in het algoritmeregister: nieuw en gewijzigd" href="/organisaties/${slug}/feed.atom">`;
      const orgPage = await page('/organisaties/gemeente-groningen-test').expect(200);
      expect(orgPage.text).toContain(alternate('gemeente-groningen-test'));
      const entry = await page(`/register/${parkeren.publicId}`).redirects(1).expect(200);
      expect(entry.text).toContain(alternate('gemeente-groningen-test'));
      const list = await page('/register').expect(200);
      expect(list.text).toContain(
        '<link rel="alternate" type="application/atom+xml" title="Waarborg algoritmeregister: nieuw en gewijzigd" href="/register/feed.atom">',
      );
    });
  });

  describe('read model', () => {
    it('keeps each entry its first publication date when the read model is rebuilt', async () => {
      const { algorithm } = await publishAlgorithm(
        ds,
        publications,
        groningen.id,
        { name: 'Herbouw nagaan' },
        { publishedAt: new Date('2024-03-01T10:00:00Z') },
      );
      await republish(ds, publications, algorithm, { descriptionShort: 'De tweede versie.' });
      const card = async () => {
        const [item] = (await t.app.get(RegisterService).search({ q: 'herbouw' })).items;
        return {
          first: item.firstPublishedAt.toISOString(),
          changed: item.lastChangedAt.getTime(),
          versions: item.versions,
          description: item.descriptionShort,
        };
      };
      const before = await card();
      expect(before).toMatchObject({
        first: '2024-03-01T10:00:00.000Z',
        versions: 2,
        description: 'De tweede versie.',
      });
      expect(before.changed).toBeGreaterThan(Date.parse('2026-01-01'));
      await rebuildRegisterIndex(ds);
      expect(await card()).toEqual(before);
    });
  });
});

async function insertCondition(
  ds: DataSource,
  assessmentId: number,
  dueDate = '2099-12-01',
): Promise<void> {
  // The register reads conditions by the assessment id in the published summary; the assessment
  // itself belongs to the workflow, so the foreign key is switched off for this one row.
  // Only the foreign key: the trigger that moves the register's stamp still fires (ENABLE ALWAYS).
  if (ds.options.type === 'postgres') {
    await ds.transaction(async (em) => {
      await em.query('SET LOCAL session_replication_role = replica');
      await em.query(
        "INSERT INTO conditions (assessment_id, description, owner, due_date, version) VALUES ($1, 'Anonimiseer de testdata.', 'Team Data', $2, 1)",
        [assessmentId, dueDate],
      );
    });
  } else {
    await ds.query('PRAGMA foreign_keys = OFF');
    await ds.query(
      "INSERT INTO conditions (assessment_id, description, owner, due_date, version) VALUES (?, 'Anonimiseer de testdata.', 'Team Data', ?, 1)",
      [assessmentId, dueDate],
    );
    await ds.query('PRAGMA foreign_keys = ON');
  }
}
