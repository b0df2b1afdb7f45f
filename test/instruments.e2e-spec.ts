import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import type { User } from '../src/accounts/entities/user.entity';
import { Role } from '../src/accounts/role';
import { Assessment } from '../src/assessments/entities/assessment.entity';
import { Instrument } from '../src/assessments/entities/instrument.entity';
import { AuditEvent } from '../src/audit/entities/audit-event.entity';
import { OrganisationPolicy } from '../src/organisations/entities/organisation-policy.entity';
import type { Organisation } from '../src/organisations/entities/organisation.entity';
import { Review } from '../src/reviews/entities/review.entity';
import { ApiClient, apiClientFor } from './support/api';
import { Browser } from './support/browser';
import { COMPLETE_ANSWERS, fixtureTemplate, REGISTER_FIELDS } from './support/checklist-fixture';
import { makeOrganisation, makeUser } from './support/factories';
import { offerTemplate } from './support/templates';
import { startTestApp, TestApp } from './support/test-app';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);

/** A high-risk AI system by the checklist, its impact assessment claimed done there. */
const HIGH_RISK = {
  ...COMPLETE_ANSWERS,
  'law.ai_system': true,
  'law.high_risk': true,
  'law.fria': true,
  'basis.notes': 'Beslist mee over uitkeringen.',
};

describe('Impact assessments (IAMA, DPIA) as required steps', () => {
  let t: TestApp;
  let ds: DataSource;
  let org: Organisation;
  let proposer: ApiClient;
  let secretary: ApiClient;
  const reviewers: User[] = [];
  const as: Record<string, Browser> = {};

  beforeAll(async () => {
    t = await startTestApp({ env: { EVIDENCE_MAX_MB: '1' } });
    ds = t.dataSource;
    org = await makeOrganisation(ds);
    const other = await makeOrganisation(ds);
    await offerTemplate(t, fixtureTemplate(1), org, other);
    const person = async (key: string, roles: [Organisation, Role][]) => {
      const user = await makeUser(ds, { name: key, email: `${key}@instruments.example`, roles });
      as[key] = new Browser(t.url);
      await as[key].login(user.email);
      return user;
    };
    proposer = await apiClientFor(ds, t.url, await person('proposer', [[org, Role.Proposer]]));
    secretary = await apiClientFor(ds, t.url, await person('secretary', [[org, Role.Secretary]]));
    for (const n of [1, 2, 3]) reviewers.push(await person(`reviewer${n}`, [[org, Role.Reviewer]]));
    await person('stranger', [[other, Role.Proposer]]);
    await person('othersecretary', [[other, Role.Secretary]]);
  });
  afterAll(() => t.close());

  const version = async (id: number) =>
    String((await ds.getRepository(Assessment).findOneByOrFail({ id })).version);

  /** A proposal (high-risk unless told), in review with every reviewer approving. */
  async function inReview(answers: Record<string, unknown> = HIGH_RISK): Promise<number> {
    const created = await proposer
      .post('/api/v1/algorithms', { organisationId: org.id, ...REGISTER_FIELDS })
      .expect(201);
    const id = created.body.id as number;
    await proposer
      .put(`/api/v1/assessments/${id}/answers`, {
        version: created.body.version,
        answers,
      })
      .expect(200);
    await ds.getRepository(Review).insert(
      reviewers.map((r) => ({
        assessmentId: id,
        revision: 1,
        reviewerId: r.id,
        decision: 'approve' as const,
        reasoning: 'Akkoord.',
        signedAt: new Date(),
      })),
    );
    await ds.getRepository(Assessment).update({ id }, { state: 'in_review' });
    return id;
  }

  async function upload(
    who: string,
    id: number,
    fields: Record<string, string>,
    file?: { bytes: Buffer; name: string },
  ) {
    const b = as[who];
    const token = await b.csrfToken(`/assessments/${id}`);
    let req = b.agent
      .post(`/assessments/${id}/instruments/iama`)
      .set('accept', 'text/html')
      .set('origin', t.url)
      .field('_csrf', token)
      .field('version', await version(id));
    for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
    return file
      ? req.attach('file', file.bytes, { filename: file.name, contentType: 'application/pdf' })
      : req;
  }

  const approve = (id: number) =>
    secretary.post(`/api/v1/assessments/${id}/transitions`, {
      action: 'approve',
      reasoning: 'Goedgekeurd.',
    });

  it('requires an IAMA for high-risk AI and refuses approval while it is in progress, naming it', async () => {
    const id = await inReview();
    const page = await as.proposer.get(`/assessments/${id}/instruments`).expect(200);
    expect(page.text).toMatch(/<strong>Vereist<\/strong>: hoog-risico AI-systeem/);
    const saved = await as.proposer.post(`/assessments/${id}/instruments/iama`, {
      version: await version(id),
      status: 'in_progress',
      date: '2026-11-20',
    });
    expect(saved.status).toBe(303);
    // The checklist claims it was done; the record says it is in progress, and the record holds.
    const refused = await approve(id).expect(422);
    expect(refused.body.code).toBe('LEGAL_FLOOR');
    await ds.getRepository(Instrument).update({ assessmentId: id }, { status: 'not_started' });
    expect((await approve(id).expect(422)).body.code).toBe('LEGAL_FLOOR');
    // With the legal floor cleared by the checklist alone (no record), the instrument guard
    // still holds the approval: a required IAMA that is not done.
    await ds.getRepository(Instrument).delete({ assessmentId: id });
    const noRecord = await approve(id).expect(422);
    expect(noRecord.body).toMatchObject({
      code: 'INSTRUMENT_NOT_DONE',
      details: { instruments: [{ kind: 'iama', required: true, status: 'not_started' }] },
    });
    expect(noRecord.body.message).toContain('IAMA');
    const page2 = await as.secretary.post(`/assessments/${id}/decision`, {
      version: await version(id),
      action: 'approve',
      reasoning: 'Goedgekeurd.',
    });
    expect(page2.status).toBe(422);
    expect(page2.text).toContain('Er is een IAMA');
    expect((await ds.getRepository(Assessment).findOneByOrFail({ id })).state).toBe('in_review');
  });

  it('takes a PDF report, serves it only to those who may read the assessment, and then lets the approval through', async () => {
    const id = await inReview();
    const res = await upload(
      'proposer',
      id,
      { status: 'done', date: '2026-11-25', outcome: 'Geen onevenredige inbreuk.' },
      { bytes: PDF, name: '../../../etc/passwd.pdf' },
    );
    expect(res.status).toBe(303);
    const record = await ds.getRepository(Instrument).findOneByOrFail({ assessmentId: id });
    expect(record).toMatchObject({ status: 'done', documentBytes: PDF.length });
    expect(record.documentFile).toMatch(/^[0-9a-f]{32}$/);
    expect(readdirSync(join(t.config.filesDir, 'instruments'))).toContain(record.documentFile);

    const download = await as.proposer
      .get(`/assessments/${id}/instruments/iama/document`)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(Buffer.compare(download.body as Buffer, PDF)).toBe(0);
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="iama-toetsing-${id}.pdf"`,
    );
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-type']).toBe('application/pdf');
    await as.stranger.get(`/assessments/${id}/instruments/iama/document`).expect(404);
    await as.othersecretary.get(`/assessments/${id}/instruments/iama/document`).expect(404);
    await as.secretary.get(`/assessments/${id}/instruments/iama/document`).expect(200);
    await as.proposer.get(`/assessments/${id}/instruments/dpia/document`).expect(404);
    await as.proposer.get(`/assessments/${id}/instruments/..%2F..%2Fetc/document`).expect(404);

    const approved = await approve(id).expect(200);
    expect(approved.body.state).toBe('approved');
    const events = await ds.getRepository(AuditEvent).findBy({
      objectId: String(id),
      action: 'assessment.instrument_save',
    });
    expect(events.map((e) => e.details)).toEqual([
      expect.objectContaining({ kind: 'iama', status: 'done', document: expect.any(Object) }),
    ]);
    // Decided: the records can no longer change.
    const late = await as.proposer.post(`/assessments/${id}/instruments/iama`, {
      version: await version(id),
      status: 'in_progress',
    });
    expect(late.status).toBe(409);
  });

  it('refuses a file that is not a PDF whatever its name, a file over the limit, and "done" without a report', async () => {
    const id = await inReview();
    const fake = await upload(
      'proposer',
      id,
      { status: 'in_progress' },
      { bytes: EXE, name: 'rapport.pdf' },
    );
    expect(fake.status).toBe(400);
    expect(fake.text).toContain('Dit bestand is geen PDF.');
    expect(fake.text).toContain('href="#field-file"');
    const big = await upload(
      'proposer',
      id,
      { status: 'in_progress' },
      { bytes: Buffer.concat([PDF, Buffer.alloc(1024 * 1024)]), name: 'groot.pdf' },
    );
    expect(big.status).toBe(400);
    expect(big.text).toContain('groter dan 1 MB');
    const bare = await as.proposer.post(`/assessments/${id}/instruments/iama`, {
      version: await version(id),
      status: 'done',
      date: '2026-11-25',
      outcome: 'Klaar.',
    });
    expect(bare.status).toBe(400);
    expect(bare.text).toContain('Geef een link naar het rapport of upload het als PDF.');
    // The form came back whole, the choice kept.
    expect(bare.text).toMatch(/name="status" value="done" checked/);
    expect(await ds.getRepository(Instrument).countBy({ assessmentId: id })).toBe(0);
    expect(readdirSync(join(t.config.filesDir, 'instruments')).length).toBe(1);
  });

  it('lets only the proposer of its organisation record them', async () => {
    const id = await inReview();
    const fields = { version: await version(id), status: 'in_progress' };
    expect((await as.stranger.post(`/assessments/${id}/instruments/iama`, fields)).status).toBe(
      404,
    );
    expect((await as.secretary.post(`/assessments/${id}/instruments/iama`, fields)).status).toBe(
      403,
    );
    expect((await as.proposer.post(`/assessments/${id}/instruments/other`, fields)).status).toBe(
      404,
    );
    expect(await ds.getRepository(Instrument).countBy({ assessmentId: id })).toBe(0);
  });

  it('requires an IAMA for an impactful algorithm about people while the organisation asks for it', async () => {
    // No AI, so no legal floor asks for it; the organisation's policy does.
    const id = await inReview({
      ...COMPLETE_ANSWERS,
      'law.ai_system': false,
      'law.high_risk': true,
      'basis.people': true,
      'basis.notes': 'Een risicoscore zonder AI.',
    });
    const saved = await as.proposer.post(`/assessments/${id}/instruments/iama`, {
      version: await version(id),
      status: 'in_progress',
    });
    expect(saved.status).toBe(303);
    const refused = await approve(id).expect(422);
    expect(refused.body).toMatchObject({
      code: 'INSTRUMENT_NOT_DONE',
      details: { instruments: [{ kind: 'iama', required: true, status: 'in_progress' }] },
    });
    expect(refused.body.message).toContain('IAMA');
    const page = await as.proposer.get(`/assessments/${id}/instruments`).expect(200);
    expect(page.text).toContain('impactvol algoritme dat over mensen beslist');
    expect(page.text).toContain('houdt goedkeuring tegen');
    await ds
      .getRepository(OrganisationPolicy)
      .save({ organisationId: org.id, iamaForImpactful: false });
    try {
      expect((await approve(id).expect(200)).body.state).toBe('approved');
    } finally {
      await ds.getRepository(OrganisationPolicy).delete({ organisationId: org.id });
    }
  });
});
