import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../accounts/auth/auth-user';
import type { Algorithm } from '../algorithms/entities/algorithm.entity';
import type { ChecklistEvaluation } from '../checklists/engine';
import type { ChecklistTemplateContent } from '../checklists/template.types';
import type { PublicationService, PublishInput } from '../publications/publication.service';
import type { ReviewerAssignmentService } from '../reviews/reviewer-assignment.service';
import type { Loaded } from './assessments.service';
import type { Assessment } from './entities/assessment.entity';
import { TRANSITIONS, WORKFLOW_ACTIONS } from './workflow';
import { Step, WorkflowEffects } from './workflow-effects';

const evaluation: ChecklistEvaluation = {
  applicable: [],
  missingRequired: [],
  blocking: [],
  riskClass: 'high',
  publicationCategory: 'B',
  requiredApprovals: 3,
  reassessmentMonths: 12,
  energy: null,
  progress: { answered: 0, required: 0, applicable: 0, sections: [] },
};

const template = {
  key: 'kader',
  version: 2,
  title: { nl: 'Kader', en: 'Framework' },
  sections: [{ id: 'privacy', title: { nl: 'Privacy', en: 'Privacy' }, questions: [] }],
} as unknown as ChecklistTemplateContent;

function setup() {
  const reviewers = { assign: jest.fn(), carryOver: jest.fn() };
  const published: PublishInput[] = [];
  const publications = {
    publish: jest.fn((_em: EntityManager, input: PublishInput) => {
      published.push(input);
      return Promise.resolve();
    }),
  };
  const em = {
    update: jest.fn(() => Promise.resolve()),
    findBy: jest.fn(() =>
      Promise.resolve([
        { decision: 'approve', sectionRemarks: { privacy: ' Bewaartermijn nagaan ' } },
        { decision: 'approve_with_conditions', sectionRemarks: null },
        { decision: 'request_changes', sectionRemarks: null },
      ]),
    ),
  };
  const effects = new WorkflowEffects(
    reviewers as unknown as ReviewerAssignmentService,
    publications as unknown as PublicationService,
  );
  const step = (over: Partial<Step> = {}): Step => ({
    em: em as unknown as EntityManager,
    loaded: {
      assessment: {
        id: 5,
        revision: 2,
        state: 'approved',
        decidedAt: new Date('2026-03-01T10:00:00Z'),
        riskClass: 'high',
        publicationCategory: 'B',
        reassessmentDue: '2027-03-01',
      } as Assessment,
      algorithm: { id: 9, organisationId: 3, endDate: null } as unknown as Algorithm,
      template,
      answers: {},
      actorIs: { proposer: false, secretary: true, assignedReviewer: false },
    } as Loaded,
    evaluation,
    reviewerIds: [11, 12],
    user: { id: 42 } as AuthUser,
    now: new Date('2026-04-15T08:00:00Z'),
    ...over,
  });
  return { effects, reviewers, publications, published, step };
}

describe('the workflow effects', () => {
  it('has an effect for every step of the table, and nothing else', () => {
    const { effects } = setup();
    expect(Object.keys(effects.of).sort()).toEqual([...WORKFLOW_ACTIONS].sort());
    expect(TRANSITIONS.map((t) => t.action).sort()).toEqual(Object.keys(effects.of).sort());
  });

  it.each(WORKFLOW_ACTIONS)(
    '%s leaves the state, revision and version to the table and the lock',
    async (action) => {
      const { effects, step } = setup();
      const changes = await effects.of[action](step({ reasoning: 'Omdat' }));
      const owned = ['state', 'revision', 'version'];
      expect(Object.keys(changes).filter((key) => owned.includes(key))).toEqual([]);
    },
  );

  it('records a decision with its reasoning; an approval sets the re-assessment date, a rejection none', async () => {
    const { effects, step } = setup();
    const approved = await effects.of.approve(step({ reasoning: '  Voldoet.  ' }));
    expect(approved).toMatchObject({
      decidedById: 42,
      decisionReasoning: 'Voldoet.',
      reassessmentDue: '2027-04-15',
      riskClass: 'high',
      requiredApprovals: 3,
    });
    const rejected = await effects.of.reject(step({ reasoning: 'Nee' }));
    expect(rejected.reassessmentDue).toBeNull();
  });

  it('assigns the chosen reviewers, and on resubmission carries the previous ones over', async () => {
    const { effects, reviewers, step } = setup();
    await effects.of.assign(step());
    expect(reviewers.assign).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ id: 5 }),
      3,
      [11, 12],
    );
    await effects.of.resubmit(step());
    expect(reviewers.carryOver).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ id: 5 }),
    );
    await effects.of.submit(step());
    expect(reviewers.carryOver).toHaveBeenCalledTimes(1);
  });

  it('publishes the decided revision with its public summary', async () => {
    const { effects, published, step } = setup();
    const changes = await effects.of.publish(step());
    expect(changes).toEqual({ publishedAt: new Date('2026-04-15T08:00:00Z') });
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({
      origin: 'workflow',
      assessmentId: 5,
      revision: 2,
      summary: {
        decision: 'approved',
        decidedAt: '2026-03-01T10:00:00.000Z',
        approvals: 2,
        sections: [{ id: 'privacy', outcome: 'attention', remarks: ['Bewaartermijn nagaan'] }],
      },
    });
  });

  it('retires by marking the entry out of use from this month, keeping the assessment', async () => {
    const { effects, published, step } = setup();
    await effects.of.retire(step());
    expect(published[0].algorithm).toMatchObject({ status: 'Buiten gebruik', endDate: '2026-04' });
    expect(published[0].summary).toBeUndefined();
  });
});
