import type { ChecklistEvaluation } from '../checklists/engine';
import { ASSESSMENT_STATES, AssessmentState } from './assessment-state';
import {
  Actor,
  ActorIs,
  ASSESSMENT_OUTCOMES,
  assertWorkflowConsistent,
  availableActions,
  checkTransition,
  EDITABLE_STATES,
  editRefusal,
  SIGN_OFF_STATES,
  signOffRefusal,
  TransitionContext,
  TRANSITIONS,
  WORKFLOW_ACTIONS,
} from './workflow';

const evaluation = (over: Partial<ChecklistEvaluation> = {}): ChecklistEvaluation => ({
  applicable: [],
  missingRequired: [],
  blocking: [],
  riskClass: 'minimal',
  publicationCategory: 'C',
  requiredApprovals: 2,
  reassessmentMonths: 36,
  energy: null,
  progress: { answered: 0, required: 0, applicable: 0, sections: [] },
  ...over,
});

const ACTORS: Actor[] = ['proposer', 'secretary', 'assigned_reviewer'];

/** A context in which every guard passes, for the given actor and state. */
function passing(
  state: AssessmentState,
  actor: Actor,
  over: Partial<TransitionContext> = {},
): TransitionContext {
  return {
    state,
    actorIs: {
      proposer: actor === 'proposer',
      secretary: actor === 'secretary',
      assignedReviewer: actor === 'assigned_reviewer',
    },
    evaluation: evaluation(),
    missingRegisterFields: [],
    floors: [],
    reviewerIds: [11, 12],
    proposerId: 1,
    approvals: 2,
    // approve needs none, approve_with_conditions needs some: each case sets what it needs below.
    conditions: 0,
    ...over,
  };
}

describe('the workflow table', () => {
  it('is consistent: every state reachable, every action once, no unknown states', () => {
    expect(() => assertWorkflowConsistent(ASSESSMENT_STATES)).not.toThrow();
    expect(TRANSITIONS.map((t) => t.action).sort()).toEqual([...WORKFLOW_ACTIONS].sort());
  });

  // Every action, from every state, by every kind of actor: allowed exactly where the table says.
  const cases = WORKFLOW_ACTIONS.flatMap((action) =>
    ASSESSMENT_STATES.flatMap((state) => ACTORS.map((actor) => [action, state, actor] as const)),
  );
  it.each(cases)(
    '%s from %s by %s is allowed exactly when the table lists it',
    (action, state, actor) => {
      const t = TRANSITIONS.find((x) => x.action === action)!;
      const ctx = passing(state, actor, {
        conditions: action === 'approve_with_conditions' ? 1 : 0,
      });
      const refusal = checkTransition(action, ctx);
      if (!t.who.includes(actor)) expect(refusal?.code).toBe('NOT_ALLOWED');
      else if (!t.from.includes(state)) expect(refusal?.code).toBe('INVALID_TRANSITION');
      else expect(refusal).toBeNull();
    },
  );
});

describe('guards', () => {
  it('refuses submission while required answers are missing, listing them', () => {
    const ctx = passing('concept', 'proposer', {
      evaluation: evaluation({ missingRequired: ['purpose.goal', 'law.role'] }),
    });
    expect(checkTransition('submit', ctx)).toMatchObject({
      code: 'CHECKLIST_INCOMPLETE',
      details: { missing: ['purpose.goal', 'law.role'] },
    });
    expect(checkTransition('resubmit', { ...ctx, state: 'changes_requested' })?.code).toBe(
      'CHECKLIST_INCOMPLETE',
    );
  });

  it('refuses submission while required register fields are empty, listing them', () => {
    const ctx = passing('concept', 'proposer', {
      missingRegisterFields: ['supplier', 'start_date'],
    });
    expect(checkTransition('submit', ctx)).toMatchObject({
      code: 'REGISTER_INCOMPLETE',
      details: { missing: ['supplier', 'start_date'] },
    });
  });

  it('refuses submission and approval while a blocking rule holds, naming it', () => {
    const blocked = evaluation({
      blocking: [{ id: 'prohibited-practice', section: 'law', reason: { nl: 'x', en: 'x' } }],
    });
    expect(
      checkTransition('submit', passing('concept', 'proposer', { evaluation: blocked })),
    ).toMatchObject({
      code: 'BLOCKING_RULE',
      params: { rules: 'prohibited-practice' },
    });
    expect(
      checkTransition('approve', passing('in_review', 'secretary', { evaluation: blocked }))?.code,
    ).toBe('BLOCKING_RULE');
    expect(
      checkTransition(
        'approve_with_conditions',
        passing('in_review', 'secretary', { evaluation: blocked, conditions: 1 }),
      )?.code,
    ).toBe('BLOCKING_RULE');
  });

  it('refuses submission, approval and publication while a legal floor is not cleared, before any template rule', () => {
    const floors = [
      { floor: 'fria' as const, established: false, unknown: ['fria_done' as const] },
    ];
    const blocked = evaluation({
      blocking: [{ id: 'fria-missing', section: 'law', reason: { nl: 'x', en: 'x' } }],
    });
    const cases = [
      ['submit', passing('concept', 'proposer', { floors, evaluation: blocked })],
      ['resubmit', passing('changes_requested', 'proposer', { floors })],
      ['approve', passing('in_review', 'secretary', { floors })],
      ['approve_with_conditions', passing('in_review', 'secretary', { floors, conditions: 1 })],
      ['publish', passing('approved', 'secretary', { floors })],
    ] as const;
    for (const [action, ctx] of cases)
      expect(checkTransition(action, ctx)).toMatchObject({
        code: 'LEGAL_FLOOR',
        key: 'law.floor.fria.notEstablished',
        details: { floors },
      });
    expect(checkTransition('reject', passing('in_review', 'secretary', { floors }))).toBeNull();
  });

  it('refuses assigning fewer reviewers than the rules ask for', () => {
    const ctx = passing('submitted', 'secretary', {
      reviewerIds: [11],
      evaluation: evaluation({ requiredApprovals: 3 }),
    });
    expect(checkTransition('assign', ctx)).toMatchObject({
      code: 'TOO_FEW_REVIEWERS',
      params: { required: 3, given: 1 },
    });
  });

  it('refuses the proposer as a reviewer of their own proposal', () => {
    expect(
      checkTransition('assign', passing('submitted', 'secretary', { reviewerIds: [1, 12] }))?.code,
    ).toBe('SELF_REVIEW');
  });

  it('refuses approval with too few approving reviews', () => {
    const ctx = passing('in_review', 'secretary', {
      approvals: 1,
      evaluation: evaluation({ requiredApprovals: 2 }),
    });
    expect(checkTransition('approve', ctx)).toMatchObject({
      code: 'TOO_FEW_APPROVALS',
      params: { required: 2, given: 1 },
    });
  });

  it('asks for "approve with conditions" when reviewers set conditions, and refuses it without any', () => {
    expect(
      checkTransition('approve', passing('in_review', 'secretary', { conditions: 2 }))?.code,
    ).toBe('CONDITIONS_PRESENT');
    expect(
      checkTransition(
        'approve_with_conditions',
        passing('in_review', 'secretary', { conditions: 0 }),
      )?.code,
    ).toBe('NO_CONDITIONS');
  });

  it('checks the role before the state, and the state before the guards', () => {
    const ctx = passing('published', 'proposer', {
      evaluation: evaluation({ missingRequired: ['x.y'] }),
    });
    expect(checkTransition('approve', ctx)?.code).toBe('NOT_ALLOWED');
    expect(checkTransition('submit', ctx)?.code).toBe('INVALID_TRANSITION');
  });
});

describe('availableActions', () => {
  it('offers the proposer submit and withdraw on a concept, and the secretary nothing', () => {
    expect(availableActions(passing('concept', 'proposer'))).toEqual(['submit', 'withdraw']);
    expect(availableActions(passing('concept', 'secretary'))).toEqual([]);
  });

  it('offers the secretary the decisions while in review, and an assigned reviewer only a request for changes', () => {
    expect(availableActions(passing('in_review', 'secretary'))).toEqual([
      'assign',
      'request_changes',
      'approve',
      'approve_with_conditions',
      'reject',
    ]);
    expect(availableActions(passing('in_review', 'assigned_reviewer'))).toEqual([
      'request_changes',
    ]);
  });
});

describe('what the table says beyond the steps', () => {
  const actorIs = (over: Partial<ActorIs> = {}): ActorIs => ({
    proposer: false,
    secretary: false,
    assignedReviewer: false,
    ...over,
  });

  it('asks a reasoning exactly for the decisions that lead to an outcome the register shows', () => {
    const reasoned = TRANSITIONS.filter((t) => t.needsReasoning);
    expect(reasoned.map((t) => t.action)).toEqual(['approve', 'approve_with_conditions', 'reject']);
    expect(reasoned.map((t) => t.to)).toEqual([...ASSESSMENT_OUTCOMES]);
  });

  it('opens a new revision on a request for changes and on revising a published entry', () => {
    expect(TRANSITIONS.filter((t) => t.newRevision).map((t) => t.action)).toEqual([
      'request_changes',
      'revise',
    ]);
  });

  it('lets the proposer edit where they submit or resubmit from, and nowhere else', () => {
    expect([...EDITABLE_STATES].sort()).toEqual(['changes_requested', 'concept']);
    for (const state of ASSESSMENT_STATES) {
      const refusal = editRefusal(state, actorIs({ proposer: true }));
      if (EDITABLE_STATES.includes(state)) expect(refusal).toBeNull();
      else expect(refusal).toMatchObject({ code: 'INVALID_TRANSITION', params: { state } });
    }
    expect(editRefusal('concept', actorIs({ secretary: true }))?.code).toBe('NOT_ALLOWED');
  });

  describe('signOffRefusal', () => {
    const inReview = { state: 'in_review' as const, proposerId: 1 };
    const reviewer = actorIs({ assignedReviewer: true });
    const open = { decision: null };

    it('lets an assigned reviewer sign once, while the assessment is in review', () => {
      expect(SIGN_OFF_STATES).toEqual(['in_review']);
      expect(signOffRefusal({ assessment: inReview, actorIs: reviewer }, 7, open)).toBeNull();
      expect(
        signOffRefusal({ assessment: inReview, actorIs: reviewer }, 7, { decision: 'approve' })
          ?.code,
      ).toBe('ALREADY_SIGNED');
    });

    it('refuses the proposer, even when assigned', () => {
      expect(signOffRefusal({ assessment: inReview, actorIs: reviewer }, 1, open)?.code).toBe(
        'SELF_REVIEW',
      );
      expect(
        signOffRefusal({ assessment: inReview, actorIs: actorIs({ proposer: true }) }, 7, open)
          ?.code,
      ).toBe('SELF_REVIEW');
    });

    it('refuses a reviewer not assigned to the current revision', () => {
      expect(signOffRefusal({ assessment: inReview, actorIs: actorIs() }, 7, open)?.code).toBe(
        'NOT_ALLOWED',
      );
      expect(signOffRefusal({ assessment: inReview, actorIs: reviewer }, 7, null)?.code).toBe(
        'NOT_ALLOWED',
      );
    });

    it('refuses outside review, naming the state', () => {
      const approved = { ...inReview, state: 'approved' as const };
      expect(signOffRefusal({ assessment: approved, actorIs: reviewer }, 7, open)).toMatchObject({
        code: 'INVALID_TRANSITION',
        params: { state: 'approved' },
      });
    });
  });
});
