import { DataSource } from 'typeorm';
import { Membership } from '../src/accounts/entities/membership.entity';
import { Role } from '../src/accounts/role';
import { Algorithm } from '../src/algorithms/entities/algorithm.entity';
import { newPublicId } from '../src/algorithms/public-id';
import { Answer } from '../src/assessments/entities/answer.entity';
import { Assessment } from '../src/assessments/entities/assessment.entity';
import { Condition } from '../src/assessments/entities/condition.entity';
import { AuditEvent } from '../src/audit/entities/audit-event.entity';
import { ChecklistTemplate } from '../src/checklists/entities/checklist-template.entity';
import { Feedback } from '../src/feedback/entities/feedback.entity';
import { Review } from '../src/reviews/entities/review.entity';
import { makeAlgorithm, makeOrganisation, makeUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

describe('Domain model on the real database', () => {
  let t: TestApp;
  let ds: DataSource;

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.dataSource;
  });
  afterAll(() => t.close());

  it('stores the whole chain from organisation to feedback and reads it back', async () => {
    const org = await makeOrganisation(ds);
    const proposer = await makeUser(ds);
    const reviewer = await makeUser(ds);
    await ds.getRepository(Membership).save([
      { userId: proposer.id, organisationId: org.id, role: Role.Proposer },
      { userId: reviewer.id, organisationId: org.id, role: Role.Reviewer },
    ]);
    const algorithm = await makeAlgorithm(ds, org.id, {
      createdById: proposer.id,
      publicationCategory: 'B',
    });
    const template = await ds.getRepository(ChecklistTemplate).save({
      key: 'test',
      version: 1,
      title: 'Test',
      content: { sections: [{ id: 's1' }] },
      checksum: 'a'.repeat(64),
    });
    const assessment = await ds.getRepository(Assessment).save({
      algorithmId: algorithm.id,
      templateId: template.id,
      proposerId: proposer.id,
      reassessmentDue: '2027-11-22',
    });
    await ds
      .getRepository(Answer)
      .save({ assessmentId: assessment.id, revision: 1, questionId: 'q1', value: ['a', 'b'] });
    const review = await ds.getRepository(Review).save({
      assessmentId: assessment.id,
      revision: 1,
      reviewerId: reviewer.id,
      decision: 'approve_with_conditions',
      reasoning: 'Goed onderbouwd.',
      sectionRemarks: { privacy: 'DPIA bijvoegen' },
      signedAt: new Date('2026-11-22T10:00:00.000Z'),
    });
    await ds.getRepository(Condition).save({
      assessmentId: assessment.id,
      reviewId: review.id,
      description: 'Bias-test herhalen',
      owner: 'Team Data',
      dueDate: '2027-01-31',
    });
    await ds
      .getRepository(Feedback)
      .save({ algorithmId: algorithm.id, organisationId: org.id, message: 'Vraag' });

    const read = await ds.getRepository(Assessment).findOneOrFail({
      where: { id: assessment.id },
      relations: { algorithm: { organisation: true }, template: true },
    });
    expect(read.state).toBe('concept');
    expect(read.revision).toBe(1);
    expect(read.version).toBe(1);
    expect(read.algorithm.organisation.name).toBe(org.name);
    expect(read.template.content).toEqual({ sections: [{ id: 's1' }] });
    expect(
      (await ds.getRepository(Answer).findOneByOrFail({ assessmentId: assessment.id })).value,
    ).toEqual(['a', 'b']);
    const readReview = await ds.getRepository(Review).findOneByOrFail({ id: review.id });
    expect(readReview.signedAt?.toISOString()).toBe('2026-11-22T10:00:00.000Z');
    expect(readReview.sectionRemarks).toEqual({ privacy: 'DPIA bijvoegen' });
    expect(await ds.getRepository(Condition).countBy({ assessmentId: assessment.id })).toBe(1);
    expect(await ds.getRepository(Feedback).countBy({ algorithmId: algorithm.id })).toBe(1);
  });

  it('keeps timestamps as UTC instants', async () => {
    const org = await makeOrganisation(ds);
    const when = new Date('2026-03-29T01:30:00.123Z');
    const a = await makeAlgorithm(ds, org.id, { publishedAt: when });
    const read = await ds.getRepository(Algorithm).findOneByOrFail({ id: a.id });
    expect(read.publishedAt?.toISOString()).toBe(when.toISOString());
    expect(read.createdAt).toBeInstanceOf(Date);
    expect(Math.abs(read.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it('refuses a row that points at nothing', async () => {
    await expect(
      ds
        .getRepository(Membership)
        .save({ userId: 999999, organisationId: 999999, role: Role.Admin }),
    ).rejects.toThrow();
  });

  it('refuses a value outside a fixed list', async () => {
    const org = await makeOrganisation(ds);
    await expect(makeAlgorithm(ds, org.id, { status: 'Misschien' as never })).rejects.toThrow();
    const algorithm = await makeAlgorithm(ds, org.id);
    const template = await ds.getRepository(ChecklistTemplate).save({
      key: `k${newPublicId()}`,
      version: 1,
      title: 'T',
      content: {},
      checksum: 'b'.repeat(64),
    });
    await expect(
      ds
        .getRepository(Assessment)
        .save({ algorithmId: algorithm.id, templateId: template.id, state: 'bijna' as never }),
    ).rejects.toThrow();
  });

  it('refuses a second user with the same e-mail and a duplicate public id', async () => {
    await makeUser(ds, { email: 'dubbel@example.org' });
    await expect(makeUser(ds, { email: 'dubbel@example.org' })).rejects.toThrow();
    const org = await makeOrganisation(ds);
    const a = await makeAlgorithm(ds, org.id);
    await expect(makeAlgorithm(ds, org.id, { publicId: a.publicId })).rejects.toThrow();
  });

  it('numbers audit events by the sequence the app gives them', async () => {
    const repo = ds.getRepository(AuditEvent);
    await repo.insert({
      seq: 1,
      occurredAt: new Date(),
      action: 'test.event',
      objectType: 'test',
      result: 'success',
      prevHash: '0'.repeat(64),
      hash: 'f'.repeat(64),
    });
    await expect(
      repo.insert({
        seq: 1,
        occurredAt: new Date(),
        action: 'test.again',
        objectType: 'test',
        result: 'success',
        prevHash: '0'.repeat(64),
        hash: 'e'.repeat(64),
      }),
    ).rejects.toThrow();
  });
});
