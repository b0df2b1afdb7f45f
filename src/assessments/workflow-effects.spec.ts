import type { EntityManager } from 'typeorm';
import type { Algorithm } from '../algorithms/entities/algorithm.entity';
import type { ChecklistEvaluation } from '../checklists/engine';
import type { ChecklistTemplateContent } from '../checklists/template.types';
import type { PublicationService, PublishInput } from '../publications/publication.service';
import type { ReviewerAssignmentService } from '../reviews/reviewer-assignment.service';
import type { UserContext } from '../common/request-context';
import type { Loaded } from './assessments.service';
import type { ConditionsService } from './conditions/conditions.service';
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
  classBasis: { law: [], template: {} },
  reassessmentMonths: 12,
  energy: null,
  disparity: null,
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
  const current = { id: 77, lifecycle: 'published' };
  const publications = {
    publish: jest.fn((_em: EntityManager, input: PublishInput) => {
      published.push(input);
      return Promise.resolve();
    }),
    current: jest.fn(() => Promise.resolve(current)),
    markReassessmentDue: jest.fn(() => Promise.resolve()),
    retire: jest.fn(() => Promise.resolve()),
  };
  const em = {
    update: jest.fn(() => Promise.resolve()),
    upsert: jest.fn(() => Promise.resolve()),
    // The organisation has set no policies: the defaults apply (nothing published on a rejection).
    getRepository: jest.fn(() => ({ findOneBy: () => Promise.resolve(null) })),
    findOneByOrFail: jest.fn(() => Promise.resolve({ id: 3, name: 'Gemeente Groningen' })),
    findBy: jest.fn(() =>
      Promise.resolve([
        {
          id: 1,
          decision: 'approve',
          reasoning: 'Goed.',
          sectionRemarks: { privacy: ' Bewaartermijn nagaan ' },
        },
        {
          id: 2,
          decision: 'approve_with_conditions',
          reasoning: 'Met voorwaarde.',
          sectionRemarks: null,
          proposedConditions: [{ description: 'Biastoets', owner: 'Team', dueDate: '2026-10-01' }],
        },
        { id: 3, decision: 'request_changes', reasoning: ' Doel te vaag. ', sectionRemarks: null },
        { id: 4, decision: null, reasoning: null, sectionRemarks: null },
      ]),
    ),
  };
  const conditions = { createForDecision: jest.fn(() => Promise.resolve()) };
  const effects = new WorkflowEffects(
    reviewers as unknown as ReviewerAssignmentService,
    publications as unknown as PublicationService,
    conditions as unknown as ConditionsService,
  );
  const step = (over: Partial<Step> = {}): Step => ({
    em: em as unknown as EntityManager,
    ctx: { user: { id: 42 } } as UserContext,
    loaded: {
      assessment: {
        id: 5,
        revision: 2,
        state: 'approved',
        decidedAt: new Date('2026-03-01T10:00:00Z'),
        riskClass: 'high',
        publicationCategory: 'B',
        reassessmentDue: '2027-03-01',
        dissentReasoning: 'De gevraagde wijziging is als voorwaarde opgenomen.',
      } as Assessment,
      algorithm: { id: 9, organisationId: 3, endDate: null } as unknown as Algorithm,
      template,
      answers: {},
    } as Loaded,
    evaluation,
    input: { reviewerIds: [11, 12], deadline: '2026-05-01', reasoning: 'Omdat' },
    now: new Date('2026-04-15T08:00:00Z'),
    ...over,
  });
  const input = (over: Partial<Step['input']>) => ({ reviewerIds: [], ...over });
  return { effects, reviewers, publications, published, conditions, step, input };
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
      const changes = await effects.of[action](step());
      const owned = ['state', 'revision', 'version'];
      expect(Object.keys(changes).filter((key) => owned.includes(key))).toEqual([]);
    },
  );

  it('records a decision with its reasoning; an approval sets the re-assessment date, a rejection none', async () => {
    const { effects, step, input } = setup();
    const approved = await effects.of.approve(
      step({ input: input({ reasoning: '  Voldoet.  ', dissentReasoning: ' Opgelost. ' }) }),
    );
    expect(approved).toMatchObject({
      decidedById: 42,
      decisionReasoning: 'Voldoet.',
      dissentReasoning: 'Opgelost.',
      reassessmentDue: '2027-04-15',
      riskClass: 'high',
      requiredApprovals: 3,
    });
    const rejected = await effects.of.reject(step({ input: input({ reasoning: 'Nee' }) }));
    expect(rejected).toMatchObject({ reassessmentDue: null, dissentReasoning: null });
    const back = await effects.of.request_changes(step({ input: input({ reasoning: 'Terug' }) }));
    expect(back).toMatchObject({ decisionReasoning: 'Terug', reviewDeadline: null });
  });

  it('adopts every condition the reviewers proposed and those the secretary adds, each due after the decision', async () => {
    const { effects, conditions, step, input } = setup();
    const added = { description: 'Evaluatie', owner: 'Secretaris', dueDate: '2027-01-01' };
    await effects.of.approve_with_conditions(
      step({ input: input({ reasoning: 'Ja', conditions: [added] }) }),
    );
    expect(conditions.createForDecision).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ user: { id: 42 } }),
      {
        assessmentId: 5,
        organisationId: 3,
        conditions: [
          { description: 'Biastoets', owner: 'Team', dueDate: '2026-10-01', reviewId: 2 },
          { ...added, reviewId: null },
        ],
      },
    );
  });

  it('refuses a condition due on or before the decision date, naming its field, and adopts none', async () => {
    const { effects, conditions, step, input } = setup();
    const late = { description: 'Te laat', owner: 'X', dueDate: '2026-04-15' };
    await expect(
      effects.of.approve_with_conditions(
        step({ input: input({ reasoning: 'Ja', conditions: [late] }) }),
      ),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ field: 'conditions.0.dueDate', key: 'validation.dueAfterDecision' }],
    });
    await expect(
      effects.of.approve_with_conditions(
        step({
          input: input({ reasoning: 'Ja' }),
          now: new Date('2026-10-01T08:00:00Z'),
        }),
      ),
    ).rejects.toMatchObject({ details: [expect.objectContaining({ field: 'conditions' })] });
    expect(conditions.createForDecision).not.toHaveBeenCalled();
  });

  it('assigns the chosen reviewers, and on resubmission carries the previous ones over', async () => {
    const { effects, reviewers, step } = setup();
    await effects.of.assign(step());
    expect(reviewers.assign).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ id: 5 }),
      3,
      [11, 12],
      null,
    );
    expect(await effects.of.assign(step())).toEqual({ reviewDeadline: '2026-05-01' });
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
        positions: {
          approve: 1,
          approve_with_conditions: 1,
          request_changes: 1,
          reject: 0,
          not_signed: 1,
        },
        dissent: [{ position: 'request_changes', reasoning: 'Doel te vaag.' }],
        dissentReasoning: 'De gevraagde wijziging is als voorwaarde opgenomen.',
        sections: [{ id: 'privacy', outcome: 'attention', remarks: ['Bewaartermijn nagaan'] }],
      },
    });
  });

  it('retires by marking the entry out of use from this month, from what is public', async () => {
    const { effects, publications, published, step } = setup();
    await effects.of.retire(step());
    expect(publications.retire).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ id: 9, status: 'Buiten gebruik', endDate: '2026-04' }),
      new Date('2026-04-15T08:00:00Z'),
    );
    // Not a publication of the algorithm row, which may hold a revision's unreviewed edits.
    expect(published).toEqual([]);
  });

  it('marks the current publication due for re-assessment, and nothing on the revision', async () => {
    const { effects, publications, step } = setup();
    expect(await effects.of.mark_reassessment_due(step())).toEqual({});
    expect(publications.markReassessmentDue).toHaveBeenCalledWith(expect.anything(), {
      id: 77,
      lifecycle: 'published',
    });
  });
});
