import request from 'supertest';
import { DataSource } from 'typeorm';
import * as hasher from '../src/accounts/password-hasher';
import { Algorithm } from '../src/algorithms/entities/algorithm.entity';
import { Answer } from '../src/assessments/entities/answer.entity';
import { resolveAppConfig } from '../src/config/app-config';
import { Organisation } from '../src/organisations/entities/organisation.entity';
import { PublicationService } from '../src/publications/publication.service';
import { makeCommission } from './support/api';
import { Browser } from './support/browser';
import { fixtureTemplate, REGISTER_FIELDS } from './support/checklist-fixture';
import { makeOrganisation, makeUser, TEST_PASSWORD } from './support/factories';
import { publishAlgorithm } from './support/register-factories';
import { spreadsheetCells, startsFormula } from './support/spreadsheet';
import { offerTemplate } from './support/templates';
import { startTestApp, TestApp } from './support/test-app';

/** Waits until `done` holds; the test's own time-out ends a wait that never does. */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 5));
}

const tally = (statuses: number[]) =>
  statuses.reduce<Record<number, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});

/**
 * The attacks of the probe of issue 10 ("nothing a user sends can stop, slow or fool the
 * server"), each of which got through before its fix.
 */
describe('Hostile input', () => {
  let t: TestApp;
  let ds: DataSource;
  let org: Organisation;
  let c: Awaited<ReturnType<typeof makeCommission>>;

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.dataSource;
    org = await makeOrganisation(ds);
    c = await makeCommission(ds, t.url);
    await offerTemplate(t, fixtureTemplate(1), c.org);
  });

  /** A new proposal of the commission's proposer; its id is the assessment's. */
  async function proposal(): Promise<number> {
    const created = await c.proposer
      .post('/api/v1/algorithms', { organisationId: c.org.id, ...REGISTER_FIELDS })
      .expect(201);
    return created.body.id as number;
  }
  afterAll(() => t.close());

  describe('parallel logins', () => {
    beforeEach(() => ds.query('DELETE FROM login_attempt_counters'));
    afterEach(() => jest.restoreAllMocks());

    /**
     * Holds every password check until released, so that a whole burst is in flight at once:
     * each attempt has then either reached the check or been refused without one.
     */
    function holdPasswordChecks() {
      const verify = hasher.verifyPassword;
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const checks = jest
        .spyOn(hasher, 'verifyPassword')
        .mockImplementation(async (hash, password) => {
          await gate;
          return verify(hash, password);
        });
      return { checks, release };
    }

    /** A login form posted with one page's CSRF token, counting the answers refused with 429. */
    async function loginForm() {
      const b = new Browser(t.url);
      const token = await b.csrfToken();
      const sent = { refused: 0 };
      const post = (email: string, password: string) =>
        b.agent
          .post('/login')
          .set('accept', 'text/html')
          .set('origin', t.url)
          .type('form')
          .send({ email, password, _csrf: token })
          .then((res) => {
            if (res.status === 429) sent.refused++;
            return res;
          });
      return { post, sent };
    }

    it('checks at most five of 50 parallel wrong passwords for one account', async () => {
      const user = await makeUser(ds);
      const { post, sent } = await loginForm();
      const { checks, release } = holdPasswordChecks();
      const burst = Array.from({ length: 50 }, (_, i) => post(user.email, `fout-${i}-wachtwoord`));
      await until(() => checks.mock.calls.length + sent.refused === 50);
      release();
      const statuses = (await Promise.all(burst)).map((res) => res.status);
      expect(checks).toHaveBeenCalledTimes(5);
      expect(tally(statuses)).toEqual({ 401: 5, 429: 45 });
    });

    it('checks at most twenty parallel attempts from one address, whatever the accounts', async () => {
      const { post, sent } = await loginForm();
      const { checks, release } = holdPasswordChecks();
      const burst = Array.from({ length: 30 }, (_, i) =>
        post(`niemand-${i}@example.org`, 'niet het goede wachtwoord'),
      );
      await until(() => checks.mock.calls.length + sent.refused === 30);
      release();
      const statuses = (await Promise.all(burst)).map((res) => res.status);
      expect(checks).toHaveBeenCalledTimes(20);
      expect(tally(statuses)).toEqual({ 401: 20, 429: 10 });
    });

    it('refuses the right password sent while wrong ones are still being checked', async () => {
      const user = await makeUser(ds);
      const { post, sent } = await loginForm();
      const { checks, release } = holdPasswordChecks();
      const wrong = Array.from({ length: 10 }, (_, i) => post(user.email, `fout-${i}-wachtwoord`));
      await until(() => checks.mock.calls.length + sent.refused === 10);
      const right = post(user.email, TEST_PASSWORD);
      await until(() => checks.mock.calls.length + sent.refused === 11);
      release();
      expect((await right).status).toBe(429);
      expect(tally((await Promise.all(wrong)).map((res) => res.status))).toEqual({
        401: 5,
        429: 5,
      });
    });

    it('lets the right password in after a failure, and it does not count for the address', async () => {
      const user = await makeUser(ds);
      const { post } = await loginForm();
      expect((await post(user.email, 'niet het goede wachtwoord')).status).toBe(401);
      expect((await post(user.email, TEST_PASSWORD)).status).toBe(303);
      const rows = (await ds.query('SELECT key, failures FROM login_attempt_counters')) as {
        key: string;
        failures: number;
      }[];
      const counts = Object.fromEntries(rows.map((r) => [r.key.split(':')[0], Number(r.failures)]));
      expect(counts).toEqual({ address: 1 });
    });
  });

  describe('the page to go to after login', () => {
    beforeEach(() => ds.query('DELETE FROM login_attempt_counters'));

    it('follows only a plain path on this site: tabs, line breaks, U+3000 and backslashes end on the dashboard', async () => {
      const user = await makeUser(ds);
      const login = (next: string) =>
        new Browser(t.url).post('/login', { email: user.email, password: TEST_PASSWORD, next });
      for (const next of [
        '/\t/evil.example/x',
        '/\r/evil.example/x',
        '/\n/evil.example/x',
        '/account\r\nSet-Cookie: x=1',
        '/\u3000/evil.example/x',
        '/\\evil.example/x',
      ]) {
        const res = await login(next);
        expect([res.status, res.headers.location]).toEqual([303, '/dashboard']);
      }
      const plain = await login('/account/tokens?tab=%09');
      expect(plain.headers.location).toBe('/account/tokens?tab=%09');
    });
  });

  describe('JSON nested deeply', () => {
    const nested = (levels: number, inner = '1') =>
      '{"a":'.repeat(levels) + inner + '}'.repeat(levels);

    it('refuses a body nested 2,000 deep with 400 BODY_TOO_DEEP on every kind of route, before anything reads it', async () => {
      const id = await proposal();
      const arrays = `{"name":${'['.repeat(2000)}${']'.repeat(2000)}}`;
      const sent = [
        c.proposer.raw('post', '/api/v1/algorithms').type('json').send(arrays),
        c.proposer.raw('post', '/api/v1/algorithms').type('json').send(nested(2000)),
        c.proposer
          .raw('put', `/api/v1/assessments/${id}/answers`)
          .type('json')
          .send(`{"version":1,"answers":${nested(2000)}}`),
        request(t.url)
          .post('/login')
          .set('accept', 'application/json')
          .type('json')
          .send(nested(2000)),
        request(t.url)
          .post('/api/v1/me')
          .set('accept', 'application/json')
          .type('json')
          .send(nested(2000)),
      ];
      for (const res of await Promise.all(sent)) {
        expect([res.status, res.body]).toEqual([
          400,
          {
            statusCode: 400,
            code: 'BODY_TOO_DEEP',
            message: 'De ingestuurde gegevens zijn te diep genest: hoogstens 32 niveaus.',
          },
        ]);
      }
    });

    it('reads a body of 32 levels as usual, and still refuses __proto__ and broken JSON', async () => {
      const ok = await c.proposer.raw('post', '/api/v1/algorithms').type('json').send(nested(32));
      expect([ok.status, ok.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      const tooDeep = await c.proposer
        .raw('post', '/api/v1/algorithms')
        .type('json')
        .send(nested(33));
      expect(tooDeep.body.code).toBe('BODY_TOO_DEEP');
      const poisoned = await c.proposer
        .raw('post', '/api/v1/algorithms')
        .type('json')
        .send('{"__proto__":{"admin":true}}');
      expect([poisoned.status, poisoned.body.code]).toEqual([400, 'BAD_REQUEST']);
      const broken = await c.proposer.raw('post', '/api/v1/algorithms').type('json').send('{"a":');
      expect([broken.status, broken.body.code]).toEqual([400, 'BAD_REQUEST']);
    });
  });

  describe('bracketed form fields', () => {
    /** A browser logged in as the commission's proposer, with the JSON answers of errors. */
    async function proposerForm() {
      const b = new Browser(t.url);
      await b.login(c.proposer.user.email);
      const token = await b.csrfToken();
      return (path: string, body: string) =>
        b.agent
          .post(path)
          .set('accept', 'application/json')
          .set('origin', t.url)
          .type('form')
          .send(`${body}&_csrf=${encodeURIComponent(token)}`);
    }

    it('refuses a row number above 100 with 400 naming the field, while /health goes on answering', async () => {
      const id = await proposal();
      const post = await proposerForm();
      for (const [path, field] of [
        [`/assessments/${id}/sections/basis`, 'version=1&answers[4294967294]=x'],
        [`/assessments/${id}/register`, 'version=1&themes[100000000]=x'],
        [`/assessments/${id}/actions`, 'action=withdraw&reasoning[4294967294]=x'],
        ['/assessments', 'organisationId=1&name[101]=x'],
      ]) {
        const [res, health] = await Promise.all([
          post(path, field),
          request(t.url).get('/health').expect(200),
        ]);
        expect(health.body.status).toBe('ok');
        expect([path, res.status, res.body.code, res.body.details]).toEqual([
          path,
          400,
          'VALIDATION_FAILED',
          [
            {
              field: field.replace(/^.*&/, '').replace(/\[(\d+)\]=.*$/, '.$1'),
              code: 'formIndexTooLarge',
              message: expect.stringMatching(/heeft een te hoog rijnummer: hoogstens 100\.$/),
            },
          ],
        ]);
      }
    });

    it('refuses fields nested 2,000 deep with 400 BODY_TOO_DEEP, and shows the form page the reason in its language', async () => {
      const id = await proposal();
      const post = await proposerForm();
      const deep = `answers${'[a]'.repeat(2000)}=x`;
      const res = await post(`/assessments/${id}/sections/basis`, `version=1&${deep}`);
      expect([res.status, res.body.code, res.body.message, res.body.details]).toEqual([
        400,
        'BODY_TOO_DEEP',
        'De ingestuurde gegevens zijn te diep genest: hoogstens 5 niveaus.',
        [
          {
            field: 'answers.a.a.a.a.a…',
            code: 'formFieldTooDeep',
            message:
              'Het veld answers.a.a.a.a.a… is te diep genest: hoogstens 5 niveaus tussen haken.',
          },
        ],
      ]);
      const b = new Browser(t.url);
      await b.login(c.proposer.user.email);
      const page = await b.post(`/en/assessments/${id}/sections/basis`, {
        version: '1',
        [`answers${'[a]'.repeat(6)}`]: 'x',
      });
      expect(page.status).toBe(400);
      expect(page.text).toContain('The data sent is nested too deeply: at most 5 levels.');
    });
  });

  describe('answer keys named after object properties', () => {
    const stored = async (id: number) =>
      (await ds.getRepository(Answer).findBy({ assessmentId: id })).map((a) => a.questionId);

    it('refuses constructor, toString, valueOf and __proto__ as question ids by name, storing nothing and keeping the version', async () => {
      const id = await proposal();
      const { version } = (await c.proposer.get(`/api/v1/assessments/${id}`).expect(200)).body;
      for (const [answers, details] of [
        [
          '{"toString":"x","valueOf":"y","basis.goal":"Doel"}',
          [
            { field: 'toString', code: 'checklist.answer.unknownQuestion' },
            { field: 'valueOf', code: 'checklist.answer.unknownQuestion' },
          ],
        ],
        ['{"constructor":"x"}', [{ field: 'answers.constructor', code: 'whitelistValidation' }]],
        [
          '{"hasOwnProperty":"x"}',
          [{ field: 'hasOwnProperty', code: 'checklist.answer.unknownQuestion' }],
        ],
      ] as const) {
        const res = await c.proposer
          .raw('put', `/api/v1/assessments/${id}/answers`)
          .type('json')
          .send(`{"version":${version},"answers":${answers}}`);
        expect([answers, res.status, res.body.details]).toEqual([
          answers,
          400,
          details.map((d) => expect.objectContaining(d)),
        ]);
      }
      const poisoned = await c.proposer
        .raw('put', `/api/v1/assessments/${id}/answers`)
        .type('json')
        .send(`{"version":${version},"answers":{"__proto__":{"x":1}}}`);
      expect(poisoned.status).toBe(400);
      expect((await c.proposer.get(`/api/v1/assessments/${id}`)).body.version).toBe(version);
      expect(await stored(id)).toEqual([]);
    });

    it('refuses them on the section form too, and answers the section does not ask', async () => {
      const id = await proposal();
      const { version } = (await c.proposer.get(`/api/v1/assessments/${id}`).expect(200)).body;
      const b = new Browser(t.url);
      await b.login(c.proposer.user.email);
      const form = `/assessments/${id}/sections/basis`;
      for (const [name, field] of [
        ['answers[toString]', 'toString'],
        ['answers[valueOf]', 'valueOf'],
        ['answers[law.prohibited]', 'law.prohibited'],
        ['answers[constructor]', 'answers.constructor'],
        ['answers[__proto__]', 'answers.__proto__'],
      ]) {
        const res = await b.post(form, { version: String(version), [name]: 'true' }, form);
        expect([name, res.status]).toEqual([name, 400]);
        expect(res.text).toContain(field);
      }
      expect((await c.proposer.get(`/api/v1/assessments/${id}`)).body.version).toBe(version);
      expect(await stored(id)).toEqual([]);
    });
  });

  describe('required fields left out', () => {
    it('refuses a proposal without a name or short description with 400 naming each, through the API and the form', async () => {
      const { name: _name, descriptionShort: _short, ...rest } = REGISTER_FIELDS;
      const before = await ds.getRepository(Algorithm).count();
      const api = await c.proposer.post('/api/v1/algorithms', {
        organisationId: c.org.id,
        ...rest,
      });
      const fields = (res: request.Response) => [
        res.status,
        [...new Set((res.body.details ?? []).map((d: { field: string }) => d.field))],
      ];
      expect(fields(api)).toEqual([400, ['name', 'descriptionShort']]);
      const b = new Browser(t.url);
      await b.login(c.proposer.user.email);
      const token = await b.csrfToken('/assessments/new');
      const form = await b.agent
        .post('/assessments')
        .set('accept', 'application/json')
        .set('origin', t.url)
        .type('form')
        .send({ organisationId: String(c.org.id), status: 'In gebruik', _csrf: token });
      expect(fields(form)).toEqual([400, ['name', 'descriptionShort']]);
      expect(await ds.getRepository(Algorithm).count()).toBe(before);
    });
  });

  describe('ids in URLs', () => {
    it('refuses what Number() reads as the id but is not written as one, naming the parameter', async () => {
      const id = await proposal();
      await c.proposer.get(`/api/v1/assessments/${id}`).expect(200);
      for (const shape of [
        `0x${id.toString(16)}`,
        `${id}e0`,
        `+${id}`,
        `%20${id}`,
        `${id}%20`,
        `${id}.0`,
        `0${id}`,
      ]) {
        const res = await c.proposer.get(`/api/v1/assessments/${shape}`);
        expect([shape, res.status, res.body.details]).toEqual([
          shape,
          400,
          [expect.objectContaining({ field: 'id', code: 'id' })],
        ]);
      }
      const diff = await c.proposer.get(`/api/v1/assessments/${id}/diff?from=01&to=1`);
      expect([diff.status, diff.body.details]).toEqual([
        400,
        [expect.objectContaining({ field: 'from' })],
      ]);
    });
  });

  describe('addresses behind a proxy', () => {
    /**
     * 25 failed logins for different accounts through one proxy (this test, at 127.0.0.1). The
     * client writes a different X-Forwarded-For each time; the proxy appends the address it
     * really came from, as proxies do.
     */
    async function rotatingForwardedFor(app: TestApp): Promise<number[]> {
      const b = new Browser(app.url);
      const token = await b.csrfToken();
      const statuses: number[] = [];
      for (let i = 0; i < 25; i++) {
        const res = await b.agent
          .post('/login')
          .set('accept', 'text/html')
          .set('origin', app.url)
          .set('x-forwarded-for', `198.51.100.${i}, 203.0.113.7`)
          .type('form')
          .send({
            email: `niemand-${i}@example.org`,
            password: 'niet het goede wachtwoord',
            _csrf: token,
          });
        statuses.push(res.status);
      }
      return statuses;
    }

    for (const setting of ['1', '127.0.0.1', 'loopback, 10.0.0.0/8']) {
      it(`with TRUST_PROXY=${setting}, counts the address the proxy saw, whatever the client wrote before it`, async () => {
        const proxied = await startTestApp({ env: { TRUST_PROXY: setting } });
        try {
          expect(tally(await rotatingForwardedFor(proxied))).toEqual({ 401: 20, 429: 5 });
          const rows = (await proxied.dataSource.query(
            "SELECT key FROM login_attempt_counters WHERE key LIKE 'address:%'",
          )) as { key: string }[];
          expect(rows.map((row) => row.key)).toEqual(['address:203.0.113.7']);
        } finally {
          await proxied.close();
        }
      });
    }

    it('believes no X-Forwarded-For from a client that is not one of the listed proxies', async () => {
      const proxied = await startTestApp({ env: { TRUST_PROXY: '10.0.0.5' } });
      try {
        const b = new Browser(proxied.url);
        const token = await b.csrfToken();
        const res = await b.agent
          .post('/login')
          .set('accept', 'text/html')
          .set('origin', proxied.url)
          .set('x-forwarded-for', '203.0.113.7')
          .type('form')
          .send({ email: 'niemand@example.org', password: 'fout', _csrf: token });
        expect(res.status).toBe(401);
        const rows = (await proxied.dataSource.query(
          "SELECT key FROM login_attempt_counters WHERE key LIKE 'address:%'",
        )) as { key: string }[];
        expect(rows.map((row) => row.key)).toEqual(['address:127.0.0.1']);
      } finally {
        await proxied.close();
      }
    });

    it('refuses to start with TRUST_PROXY=true, which believed the left-most address a client wrote', () => {
      expect(() => resolveAppConfig({ TRUST_PROXY: 'true' })).toThrow(
        /^TRUST_PROXY=true would believe any X-Forwarded-For a client sends/,
      );
    });
  });

  describe('CSV in spreadsheets', () => {
    let entry: Algorithm;

    beforeAll(async () => {
      ({ algorithm: entry } = await publishAlgorithm(ds, t.app.get(PublicationService), org.id, {
        name: ' =1+5',
        descriptionShort: 'tekst;=1+5',
        purposeAndImpact: 'Doel:\n=HYPERLINK("http://evil.example","klik")',
        considerations: '\n@SUM(A1)',
        humanIntervention: "a, -2+3+cmd|' /C calc'!A0",
        riskManagement: '\t=1+5',
        legalBasis: '＝1+1',
        data: 'kosten € 10,- per jaar; "=1+5"',
      }));
    });

    async function download(path: string) {
      return request(t.url)
        .get(path)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });
    }

    it('offers the CSV with commas and with semicolons, and no cell of either starts a formula whichever separator a spreadsheet reads it with', async () => {
      const files = {
        comma: await download('/api/v1/register.csv'),
        semicolon: await download('/api/v1/register-semicolon.csv'),
      };
      expect(files.semicolon.headers['content-disposition']).toBe(
        'attachment; filename="algoritmeregister-puntkomma.csv"',
      );
      const formulas: string[] = [];
      for (const [name, res] of Object.entries(files)) {
        expect([res.status, res.headers['content-type']]).toEqual([200, 'text/csv; charset=utf-8']);
        const body = res.body as Buffer;
        expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
        for (const separator of [',', ';'])
          for (const cell of spreadsheetCells(body.toString('utf8').slice(1), separator).flat())
            if (startsFormula(cell)) formulas.push(`${name} read with ${separator}: ${cell}`);
      }
      expect(formulas).toEqual([]);
    });

    it('keeps each value in its own cell when read with the separator it was written with', async () => {
      const res = await download('/api/v1/register-semicolon.csv');
      const [header, ...rows] = spreadsheetCells(
        (res.body as Buffer).toString('utf8').slice(1),
        ';',
      );
      const row = rows.find((r) => r[0] === entry.publicId)!;
      const cell = (column: string) => row[header.indexOf(column)];
      expect(row).toHaveLength(header.length);
      expect(cell('name')).toBe("' =1+5");
      expect(cell('description_short')).toBe("tekst;'=1+5");
      expect(cell('data')).toBe('kosten € 10,\'- per jaar; "\'=1+5"');
    });

    it('links both from the register page', async () => {
      const page = await request(t.url).get('/register').set('accept', 'text/html').expect(200);
      expect(page.text).toContain('href="/api/v1/register.csv"');
      expect(page.text).toContain('href="/api/v1/register-semicolon.csv"');
      expect(page.text).toContain(
        'Register als CSV met puntkomma&#x27;s (Excel in het Nederlands)',
      );
    });
  });

  describe('parallel feedback', () => {
    let entry: Algorithm;

    beforeAll(async () => {
      ({ algorithm: entry } = await publishAlgorithm(ds, t.app.get(PublicationService), org.id));
    });
    beforeEach(() => ds.query('DELETE FROM register_feedback_counters'));

    // On SQLite the counter's read and write never interleave; PostgreSQL let 8 through with 6 × 500.
    it('takes five of 14 parallel messages from one address and refuses the rest with 429', async () => {
      const form = `/register/${entry.publicId}/feedback`;
      const b = new Browser(t.url);
      const token = await b.csrfToken(form);
      const burst = Array.from({ length: 14 }, (_, i) =>
        b.agent
          .post(form)
          .set('accept', 'text/html')
          .set('origin', t.url)
          .type('form')
          .send({ message: `Bericht ${i}`, _csrf: token }),
      );
      const statuses = (await Promise.all(burst)).map((res) => res.status);
      expect(tally(statuses)).toEqual({ 303: 5, 429: 9 });
    });
  });
});
