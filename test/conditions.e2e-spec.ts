import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Role } from '../src/accounts/role';
import { ConditionReport } from '../src/assessments/conditions/entities/condition-report.entity';
import { Assessment } from '../src/assessments/entities/assessment.entity';
import { Condition } from '../src/assessments/entities/condition.entity';
import { AuditEvent } from '../src/audit/entities/audit-event.entity';
import { verifyAuditChain } from '../src/audit/audit-verify';
import type { Organisation } from '../src/organisations/entities/organisation.entity';
import { Review } from '../src/reviews/entities/review.entity';
import { ApiClient, apiClientFor } from './support/api';
import { Browser } from './support/browser';
import { fixtureTemplate, REGISTER_FIELDS } from './support/checklist-fixture';
import { makeOrganisation, makeUser } from './support/factories';
import { offerTemplate } from './support/templates';
import { startTestApp, TestApp } from './support/test-app';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);

/**
 * Conditions are reported with evidence by their owner and verified by someone else: tried from
 * outside as a determined insider would, through the API and the pages.
 */
describe('Conditions: reported with evidence, verified by someone else', () => {
  let t: TestApp;
  let ds: DataSource;
  let org: Organisation;
  let proposer: ApiClient;
  let secretary: ApiClient;
  let setter: ApiClient;
  let otherReviewer: ApiClient;
  let outsider: ApiClient;
  let proposerBrowser: Browser;
  let secretaryBrowser: Browser;
  let assessmentId: number;

  const evidenceDir = () => join(t.config.dataDir, 'files', 'evidence');
  const storedFiles = () => {
    try {
      return readdirSync(evidenceDir());
    } catch {
      return [];
    }
  };
  const events = (conditionId: number) =>
    ds.getRepository(AuditEvent).find({
      where: { objectType: 'condition', objectId: String(conditionId) },
      order: { seq: 'ASC' },
    });
  const load = (id: number) => ds.getRepository(Condition).findOneByOrFail({ id });

  /** A condition set by `setter` with an approval, open and due later. */
  async function newCondition(dueDate = '2099-06-30'): Promise<Condition> {
    const review = await ds.getRepository(Review).findOneByOrFail({
      assessmentId,
      reviewerId: setter.user.id,
    });
    return ds.getRepository(Condition).save({
      assessmentId,
      reviewId: review.id,
      description: 'Evaluatie na een jaar gebruik',
      owner: 'Team data',
      dueDate,
    });
  }

  async function uploadReport(
    b: Browser,
    conditionId: number,
    file: Buffer | null,
    filename: string,
    fields: Record<string, string> = {},
  ) {
    const token = await b.csrfToken(`/conditions/${conditionId}`);
    let req = b.agent
      .post(`/conditions/${conditionId}/report`)
      .set('accept', 'text/html')
      .set('origin', t.url)
      .field('_csrf', token)
      .field('version', String((await load(conditionId)).version))
      .field('whatWasDone', 'De evaluatie is gedaan.');
    for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
    return file ? req.attach('file', file, { filename, contentType: 'application/pdf' }) : req;
  }

  beforeAll(async () => {
    t = await startTestApp({ env: { EVIDENCE_MAX_MB: '1' } });
    ds = t.dataSource;
    org = await makeOrganisation(ds);
    await offerTemplate(t, fixtureTemplate(1), org);
    const person = async (roles: Role[], organisation = org) =>
      apiClientFor(
        ds,
        t.url,
        await makeUser(ds, { roles: roles.map((r) => [organisation, r] as [Organisation, Role]) }),
      );
    // The proposer is also a secretary of the organisation: separation of duties must still hold.
    proposer = await person([Role.Proposer, Role.Secretary]);
    secretary = await person([Role.Secretary]);
    setter = await person([Role.Reviewer]);
    otherReviewer = await person([Role.Reviewer]);
    outsider = await person([Role.Secretary, Role.Proposer], await makeOrganisation(ds));
    proposerBrowser = new Browser(t.url);
    await proposerBrowser.login(proposer.user.email);
    secretaryBrowser = new Browser(t.url);
    await secretaryBrowser.login(secretary.user.email);

    const created = await proposer
      .post('/api/v1/algorithms', { organisationId: org.id, ...REGISTER_FIELDS })
      .expect(201);
    assessmentId = created.body.id;
    // Approved with conditions, as the commission's decision leaves it.
    await ds
      .getRepository(Assessment)
      .update({ id: assessmentId }, { state: 'approved_with_conditions', decidedAt: new Date() });
    for (const reviewer of [setter, otherReviewer])
      await ds.getRepository(Review).save({
        assessmentId,
        revision: 1,
        reviewerId: reviewer.user.id,
        decision: 'approve_with_conditions',
        reasoning: 'Akkoord.',
        signedAt: new Date(),
      });
  });
  afterAll(() => t.close());

  it('no longer lets anyone mark a condition done with one click', async () => {
    const c = await newCondition();
    await proposer.post(`/api/v1/conditions/${c.id}/done`).expect(404);
    const page = await proposerBrowser.post(`/conditions/${c.id}/done`, {}, `/conditions/${c.id}`);
    expect(page.status).toBe(404);
    expect(await load(c.id)).toMatchObject({ state: 'open', reportedAt: null });
  });

  it('has the owner report with a link, shows it as reported, and has the secretary verify it', async () => {
    const c = await newCondition();
    const reported = await proposer
      .post(`/api/v1/conditions/${c.id}/report`, {
        version: c.version,
        whatWasDone: 'De evaluatie is gedaan en besproken in het MT.',
        link: 'https://intranet.example/evaluatie',
      })
      .expect(200);
    expect(reported.body).toMatchObject({
      state: 'reported',
      mayReport: false,
      reports: [
        {
          whatWasDone: 'De evaluatie is gedaan en besproken in het MT.',
          link: 'https://intranet.example/evaluatie',
          evidence: null,
          outcome: null,
        },
      ],
    });
    const verified = await secretary
      .post(`/api/v1/conditions/${c.id}/verify`, {
        version: reported.body.version,
        decision: 'accept',
      })
      .expect(200);
    expect(verified.body).toMatchObject({
      state: 'verified',
      reports: [{ outcome: 'accepted', decidedBy: { id: secretary.user.id } }],
    });
    expect((await load(c.id)).verifiedById).toBe(secretary.user.id);
    expect((await events(c.id)).map((e) => [e.action, e.result, e.actorUserId])).toEqual([
      ['condition.report', 'success', proposer.user.id],
      ['condition.accept', 'success', secretary.user.id],
    ]);
  });

  it('refuses the proposer verifying their own condition, though a secretary, audited, writing nothing', async () => {
    const c = await newCondition();
    const { body } = await proposer
      .post(`/api/v1/conditions/${c.id}/report`, {
        version: c.version,
        whatWasDone: 'Gedaan.',
        link: 'https://intranet.example/x',
      })
      .expect(200);
    const res = await proposer
      .post(`/api/v1/conditions/${c.id}/verify`, { version: body.version, decision: 'accept' })
      .expect(403);
    expect(res.body).toMatchObject({
      code: 'SELF_VERIFICATION',
      message: 'U heeft deze toetsing ingediend: een ander verifieert haar voorwaarden.',
    });
    expect(await load(c.id)).toMatchObject({ state: 'reported', verifiedAt: null });
    const refused = (await events(c.id)).filter((e) => e.result === 'refused');
    expect(refused).toEqual([
      expect.objectContaining({
        action: 'condition.accept',
        actorUserId: proposer.user.id,
        organisationId: org.id,
        details: expect.objectContaining({ code: 'SELF_VERIFICATION' }),
      }),
    ]);
    const page = await proposerBrowser.get(`/conditions/${c.id}`).expect(200);
    expect(page.text).not.toContain('action="/conditions/' + c.id + '/verify"');
  });

  it('refuses a report by anyone but the owner, and hides the condition from another organisation', async () => {
    const c = await newCondition();
    const attempt = { version: c.version, whatWasDone: 'Gedaan.', link: 'https://x.example' };
    for (const someone of [secretary, setter]) {
      const res = await someone.post(`/api/v1/conditions/${c.id}/report`, attempt).expect(403);
      expect(res.body).toMatchObject({
        code: 'NOT_ALLOWED',
        message: 'Alleen de indiener van de toetsing meldt de vervulling van haar voorwaarden.',
      });
    }
    await outsider.post(`/api/v1/conditions/${c.id}/report`, attempt).expect(404);
    await outsider.get(`/api/v1/conditions/${c.id}`).expect(404);
    expect(await load(c.id)).toMatchObject({ state: 'open', version: c.version });
    expect(await ds.getRepository(ConditionReport).countBy({ conditionId: c.id })).toBe(0);
    expect(
      (await events(c.id)).map((e) => [e.action, e.result, (e.details as { code: string }).code]),
    ).toEqual([
      ['condition.report', 'refused', 'NOT_ALLOWED'],
      ['condition.report', 'refused', 'NOT_ALLOWED'],
    ]);
  });

  it('lets only the reviewer who set it verify besides the secretary, and a return needs a reason', async () => {
    const c = await newCondition();
    const report = async (version: number) =>
      (
        await proposer
          .post(`/api/v1/conditions/${c.id}/report`, {
            version,
            whatWasDone: 'Gedaan.',
            link: 'https://intranet.example/y',
          })
          .expect(200)
      ).body;
    let current = await report(c.version);
    const other = await otherReviewer
      .post(`/api/v1/conditions/${c.id}/verify`, { version: current.version, decision: 'accept' })
      .expect(403);
    expect(other.body.code).toBe('NOT_ALLOWED');
    const bare = await setter
      .post(`/api/v1/conditions/${c.id}/verify`, { version: current.version, decision: 'return' })
      .expect(400);
    expect(bare.body.details).toEqual([
      expect.objectContaining({
        field: 'reason',
        message: 'Geef de reden waarom u de melding terugstuurt.',
      }),
    ]);
    current = (
      await setter
        .post(`/api/v1/conditions/${c.id}/verify`, {
          version: current.version,
          decision: 'return',
          reason: 'De link werkt niet.',
        })
        .expect(200)
    ).body;
    expect(current).toMatchObject({
      state: 'open',
      mayReport: false,
      reports: [{ outcome: 'returned', reason: 'De link werkt niet.' }],
    });
    current = await report(current.version);
    // A verdict on a version the verifier did not see is refused.
    await setter
      .post(`/api/v1/conditions/${c.id}/verify`, {
        version: current.version - 1,
        decision: 'accept',
      })
      .expect(409);
    const accepted = await setter
      .post(`/api/v1/conditions/${c.id}/verify`, { version: current.version, decision: 'accept' })
      .expect(200);
    expect(accepted.body).toMatchObject({ state: 'verified' });
    expect(accepted.body.reports.map((r: { outcome: string }) => r.outcome)).toEqual([
      'accepted',
      'returned',
    ]);
  });

  describe('evidence documents', () => {
    it('takes a PDF whatever its name, stores it under DATA_DIR/files and serves it only as a download to those who may read the assessment', async () => {
      const c = await newCondition();
      const res = await uploadReport(proposerBrowser, c.id, PDF, 'verslag.exe');
      expect(res.status).toBe(303);
      const [report] = await ds.getRepository(ConditionReport).findBy({ conditionId: c.id });
      expect(report).toMatchObject({
        evidenceType: 'application/pdf',
        evidenceName: 'verslag.exe',
        evidenceBytes: PDF.length,
      });
      expect(storedFiles()).toContain(report.evidenceFile);
      expect(report.evidenceFile).toMatch(/^[0-9a-f]{32}$/);

      const href = `/conditions/${c.id}/reports/${report.id}/evidence`;
      const page = await secretaryBrowser.get(`/conditions/${c.id}`).expect(200);
      expect(page.text).toContain(`href="${href}"`);
      const download = await secretaryBrowser.agent.get(href).buffer(true).expect(200);
      expect(download.headers['content-type']).toBe('application/pdf');
      expect(download.headers['content-disposition']).toBe(
        `attachment; filename="voorwaarde-${c.id}-bewijs-${report.id}.pdf"`,
      );
      expect(download.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
      expect(Buffer.compare(download.body as Buffer, PDF)).toBe(0);
      const api = await secretary
        .get(`/api/v1/conditions/${c.id}/reports/${report.id}/evidence`)
        .buffer(true)
        .expect(200);
      expect(api.headers['content-type']).toBe('application/pdf');

      await outsider.get(`/api/v1/conditions/${c.id}/reports/${report.id}/evidence`).expect(404);
      const anonymous = await request(t.url).get(href).set('accept', 'text/html');
      expect(anonymous.status).toBe(303);
      expect(anonymous.headers.location).toMatch(/^\/login/);
      await request(t.url)
        .get(`/api/v1/conditions/${c.id}/reports/${report.id}/evidence`)
        .expect(401);
    });

    it.each([
      ['an executable renamed .pdf', EXE, 'verslag.pdf', 'geen PDF, PNG of JPEG'],
      ['an HTML page', Buffer.from('<html><script>alert(1)</script></html>'), 'x.pdf', 'geen PDF'],
      [
        'a PDF over the size limit',
        Buffer.concat([PDF, Buffer.alloc(1024 * 1024, 0x20)]),
        'groot.pdf',
        'groter dan 1 MB',
      ],
    ])(
      'refuses %s beside its field, storing and writing nothing',
      async (_label, bytes, name, message) => {
        const c = await newCondition();
        const files = storedFiles().length;
        const res = await uploadReport(proposerBrowser, c.id, bytes, name);
        expect(res.status).toBe(400);
        expect(res.text).toContain('href="#field-file"');
        expect(res.text).toMatch(/id="field-file"[^>]*aria-invalid="true"/);
        expect(res.text).toContain(message);
        expect(res.text).toContain('De evaluatie is gedaan.');
        expect(storedFiles()).toHaveLength(files);
        expect(await load(c.id)).toMatchObject({ state: 'open', version: c.version });
        expect(await ds.getRepository(ConditionReport).countBy({ conditionId: c.id })).toBe(0);
      },
    );

    it('asks for a link or a document, beside the link field', async () => {
      const c = await newCondition();
      const res = await uploadReport(proposerBrowser, c.id, null, '');
      expect(res.status).toBe(400);
      expect(res.text).toContain('href="#field-link"');
      expect(res.text).toContain('Geef als bewijs een link, een document of beide.');
    });

    it('takes a document through the API with a token, and refuses a multipart body without a login before reading it', async () => {
      const c = await newCondition();
      const res = await proposer
        .raw('post', `/api/v1/conditions/${c.id}/report`)
        .field('version', String(c.version))
        .field('whatWasDone', 'Zie het verslag.')
        .attach('file', PDF, { filename: 'verslag.pdf', contentType: 'application/pdf' })
        .expect(200);
      expect(res.body.reports[0].evidence).toMatchObject({
        type: 'application/pdf',
        bytes: PDF.length,
      });
      await request(t.url)
        .post(`/api/v1/conditions/${c.id}/report`)
        .field('version', '1')
        .attach('file', PDF, 'verslag.pdf')
        .expect(401);
      await request(t.url)
        .post(`/api/v1/conditions/${c.id}/report`)
        .set('authorization', 'Bearer wb_niet-echt')
        .field('version', '1')
        .attach('file', PDF, 'verslag.pdf')
        .expect(401);
    });
  });

  it('lists a condition past its due date and not verified among the secretary’s follow-ups', async () => {
    const late = await newCondition('2020-01-31');
    const res = await secretary.get('/api/v1/follow-ups').expect(200);
    expect(res.body.overdueConditions).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: late.id, state: 'open' })]),
    );
    const reported = res.body.reportedConditions.map((c: { id: number }) => c.id);
    expect(reported.length).toBeGreaterThan(0);
    expect(reported).not.toContain(late.id);
    expect((await secretary.get(`/api/v1/conditions/${late.id}`).expect(200)).body.overdue).toBe(
      true,
    );
    expect(await verifyAuditChain(ds)).toMatchObject({ ok: true });
  });
});
