import type { ChecklistEvaluation } from '../checklists/engine';
import { ASSESSMENT_STATES, AssessmentState } from './assessment-state';
import {
  Actor,
  ActorIs,
  ASSESSMENT_OUTCOMES,
  Position,
  assertWorkflowConsistent,
  availableActions,
  checkTransition,
  dutyRefusal,
  EDITABLE_STATES,
  editRefusal,
  SIGN_OFF_STATES,
  signOffRefusal,
  TransitionContext,
  TRANSITIONS,
  transitionFor,
  WORKFLOW_ACTIONS,
} from './workflow';

const evaluation = (over: Partial<ChecklistEvaluation> = {}): ChecklistEvaluation => ({
  applicable: [],
  missingRequired: [],
  blocking: [],
  riskClass: 'minimal',
  publicationCategory: 'C',
  requiredApprovals: 2,
  classBasis: { law: [], template: {} },
  reassessmentMonths: 36,
  energy: null,
  disparity: null,
  progress: { answered: 0, required: 0, applicable: 0, sections: [] },
  ...over,
});

const ACTORS: Actor[] = ['proposer', 'secretary'];

const signedApprovals = (...ids: number[]): Position[] =>
  ids.map((reviewerId) => ({ reviewerId, position: 'approve', conditions: 0 }));

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
      party: actor === 'proposer',
      secretary: actor === 'secretary',
      assignedReviewer: false,
      reviewer: false,
    },
    evaluation: evaluation(),
    missingRegisterFields: [],
    floors: [],
    instruments: [{ kind: 'iama', required: true, status: 'done' }],
    openRemarks: [],
    partyIds: [1, 2],
    positions: signedApprovals(11, 12),
    deadline: null,
    today: '2026-04-15',
    // approve needs no conditions, approve_with_conditions some: each case sets what it needs.
    input: { reviewerIds: [11, 12], deadline: '2026-05-01', conditions: 0 },
    publicState: null,
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
      // The steps about the public entry find it in the life they start from.
      const ctx = passing(state, actor, { publicState: t.public?.from?.[0] ?? null });
      if (action === 'approve_with_conditions') ctx.input.conditions = 1;
      const refusal = checkTransition(action, ctx);
      if (!t.who.includes(actor)) expect(refusal?.code).toBe('NOT_ALLOWED');
      else if (t.duty && dutyRefusal(t.duty, ctx.actorIs))
        expect(refusal?.code).toBe('SEPARATION_OF_DUTIES');
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
        passing('in_review', 'secretary', {
          evaluation: blocked,
          input: { reviewerIds: [], conditions: 1 },
        }),
      )?.code,
    ).toBe('BLOCKING_RULE');
  });

  it('refuses submission, approval and publication while a disparity beyond the threshold has no mitigation', () => {
    const unmitigated = evaluation({
      disparity: { ratio: 0.6, threshold: 0.8, beyond: true, mitigated: false },
    });
    expect(
      checkTransition('approve', passing('in_review', 'secretary', { evaluation: unmitigated })),
    ).toMatchObject({ code: 'BIAS_UNMITIGATED', params: { ratio: 60, threshold: 80 } });
    expect(
      checkTransition('submit', passing('concept', 'proposer', { evaluation: unmitigated }))?.code,
    ).toBe('BIAS_UNMITIGATED');
    expect(
      checkTransition('publish', passing('approved', 'secretary', { evaluation: unmitigated }))
        ?.code,
    ).toBe('BIAS_UNMITIGATED');
    for (const disparity of [
      { ratio: 0.6, threshold: 0.8, beyond: true, mitigated: true },
      { ratio: 0.9, threshold: 0.8, beyond: false, mitigated: false },
    ])
      expect(
        checkTransition(
          'approve',
          passing('in_review', 'secretary', { evaluation: evaluation({ disparity }) }),
        ),
      ).toBeNull();
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
      [
        'approve_with_conditions',
        passing('in_review', 'secretary', {
          floors,
          input: { reviewerIds: [], conditions: 1 },
        }),
      ],
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

  it('refuses approval while a required impact assessment is not done, naming it', () => {
    const instruments = [
      { kind: 'iama', required: true, status: 'in_progress' },
      { kind: 'dpia', required: false, status: 'not_started' },
    ] as TransitionContext['instruments'];
    for (const [action, conditions] of [
      ['approve', 0],
      ['approve_with_conditions', 1],
    ] as const)
      expect(
        checkTransition(
          action,
          passing('in_review', 'secretary', {
            instruments,
            input: { reviewerIds: [], conditions },
          }),
        ),
      ).toMatchObject({
        code: 'INSTRUMENT_NOT_DONE',
        key: 'workflow.refused.instrumentNotDone.iama',
        details: { instruments: [instruments[0]] },
      });
    // Not required: nothing to wait for; and the other decisions never wait for it.
    const optional = instruments.map((i) => ({ ...i, required: false }));
    expect(
      checkTransition('approve', passing('in_review', 'secretary', { instruments: optional })),
    ).toBeNull();
    expect(
      checkTransition('reject', passing('in_review', 'secretary', { instruments })),
    ).toBeNull();
  });

  it('refuses resubmission until every remark on the revision before is answered, naming them', () => {
    const openRemarks = [
      { key: '7:q:purpose.goal', target: 'purpose.goal' },
      { key: '8:s:law', target: 'law' },
    ];
    expect(
      checkTransition('resubmit', passing('changes_requested', 'proposer', { openRemarks })),
    ).toMatchObject({
      code: 'REMARKS_UNANSWERED',
      params: { count: 2, remarks: 'purpose.goal, law' },
      details: { remarks: openRemarks },
    });
    expect(checkTransition('submit', passing('concept', 'proposer', { openRemarks }))).toBeNull();
  });

  it('refuses assigning fewer reviewers than the rules ask for, counting those already assigned', () => {
    const ctx = passing('submitted', 'secretary', {
      positions: [],
      input: { reviewerIds: [11], deadline: '2026-05-01', conditions: 0 },
      evaluation: evaluation({ requiredApprovals: 3 }),
    });
    expect(checkTransition('assign', ctx)).toMatchObject({
      code: 'TOO_FEW_REVIEWERS',
      params: { required: 3, given: 1 },
    });
    const more = { ...ctx, state: 'in_review' as const, positions: signedApprovals(12, 13) };
    expect(
      checkTransition('assign', {
        ...more,
        input: { ...ctx.input, reason: 'Derde deskundige nodig' },
      }),
    ).toBeNull();
  });

  it('refuses a review deadline that is not after today, naming the field', () => {
    for (const deadline of ['2026-04-15', '2026-02-30', undefined])
      expect(
        checkTransition(
          'assign',
          passing('submitted', 'secretary', {
            positions: [],
            input: { reviewerIds: [11, 12], deadline, conditions: 0 },
          }),
        ),
      ).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'deadline' }] });
  });

  it('asks a reason for adding reviewers once anyone has signed, and only then', () => {
    const adding = { reviewerIds: [13], deadline: '2026-05-01', conditions: 0 };
    const open: Position[] = [
      { reviewerId: 11, position: null, conditions: 0 },
      { reviewerId: 12, position: null, conditions: 0 },
    ];
    expect(
      checkTransition(
        'assign',
        passing('in_review', 'secretary', { positions: open, input: adding }),
      ),
    ).toBeNull();
    const ctx = passing('in_review', 'secretary', { input: adding });
    expect(checkTransition('assign', ctx)).toMatchObject({
      code: 'REASON_REQUIRED',
      details: [{ field: 'reason' }],
    });
    expect(
      checkTransition('assign', { ...ctx, input: { ...adding, reason: 'Wraking van B' } }),
    ).toBeNull();
    // Renewing the deadline with the same reviewers changes no set: no reason asked.
    expect(
      checkTransition('assign', { ...ctx, input: { ...adding, reviewerIds: [11] } }),
    ).toBeNull();
  });

  it('refuses the proposer or a co-author as a reviewer of their own proposal', () => {
    for (const party of [1, 2])
      expect(
        checkTransition(
          'assign',
          passing('submitted', 'secretary', {
            input: { reviewerIds: [party, 12], deadline: '2026-05-01', conditions: 0 },
          }),
        ),
      ).toMatchObject({
        code: 'SEPARATION_OF_DUTIES',
        key: 'workflow.refused.duty.partyAsReviewer',
      });
  });

  it('waits for every position, or for the deadline to pass, before any decision', () => {
    const positions: Position[] = [
      ...signedApprovals(11),
      { reviewerId: 12, position: null, conditions: 0 },
    ];
    const required1 = evaluation({ requiredApprovals: 1 });
    for (const action of ['request_changes', 'approve', 'reject'] as const) {
      expect(
        checkTransition(action, passing('in_review', 'secretary', { positions })),
      ).toMatchObject({ code: 'REVIEWS_OPEN', key: 'workflow.refused.reviewsOpen' });
      expect(
        checkTransition(
          action,
          passing('in_review', 'secretary', { positions, deadline: '2026-04-15' }),
        ),
      ).toMatchObject({ code: 'REVIEWS_OPEN', params: { open: 1, deadline: '2026-04-15' } });
    }
    const passed = passing('in_review', 'secretary', {
      positions,
      deadline: '2026-04-14',
      evaluation: required1,
    });
    expect(checkTransition('approve', passed)).toBeNull();
    expect(checkTransition('approve', { ...passed, evaluation: evaluation() })).toMatchObject({
      code: 'TOO_FEW_POSITIONS',
      params: { required: 2, given: 1 },
    });
  });

  it('counts positions for the quorum and approvals for an approval', () => {
    const positions: Position[] = [
      ...signedApprovals(11),
      { reviewerId: 12, position: 'reject', conditions: 0 },
    ];
    const ctx = passing('in_review', 'secretary', { positions });
    expect(checkTransition('reject', ctx)).toBeNull();
    expect(checkTransition('approve', ctx)).toMatchObject({
      code: 'TOO_FEW_APPROVALS',
      params: { required: 2, given: 1 },
    });
  });

  it('asks a decision against a reject or request for changes to answer it, in its own field', () => {
    const withDissent = (position: 'reject' | 'request_changes') =>
      passing('in_review', 'secretary', {
        evaluation: evaluation({ requiredApprovals: 1 }),
        positions: [...signedApprovals(11), { reviewerId: 12, position, conditions: 0 }],
      });
    const refusal = {
      code: 'DISSENT_NOT_ADDRESSED',
      params: { count: 1 },
      details: [{ field: 'dissentReasoning', key: 'workflow.dissentReasoningRequired' }],
    };
    expect(checkTransition('approve', withDissent('reject'))).toMatchObject(refusal);
    expect(checkTransition('approve', withDissent('request_changes'))).toMatchObject(refusal);
    expect(checkTransition('request_changes', withDissent('reject'))).toMatchObject(refusal);
    expect(checkTransition('request_changes', withDissent('request_changes'))).toBeNull();
    expect(checkTransition('reject', withDissent('request_changes'))).toBeNull();
    const answered = withDissent('reject');
    answered.input.dissentReasoning = 'Het bezwaar is weerlegd door de nieuwe DPIA.';
    expect(checkTransition('approve', answered)).toBeNull();
  });

  it('asks for "approve with conditions" when reviewers proposed conditions, and refuses it without any', () => {
    const proposed: Position[] = [
      { reviewerId: 11, position: 'approve_with_conditions', conditions: 2 },
      ...signedApprovals(12),
    ];
    expect(
      checkTransition('approve', passing('in_review', 'secretary', { positions: proposed })),
    ).toMatchObject({ code: 'CONDITIONS_PRESENT', params: { count: 2 } });
    expect(
      checkTransition('approve_with_conditions', passing('in_review', 'secretary'))?.code,
    ).toBe('NO_CONDITIONS');
    const added = passing('in_review', 'secretary');
    added.input.conditions = 1;
    expect(checkTransition('approve_with_conditions', added)).toBeNull();
  });

  it('checks the role before the state, and the state before the guards', () => {
    const ctx = passing('published', 'proposer', {
      evaluation: evaluation({ missingRequired: ['x.y'] }),
    });
    expect(checkTransition('approve', ctx)?.code).toBe('NOT_ALLOWED');
    expect(checkTransition('submit', ctx)?.code).toBe('INVALID_TRANSITION');
  });
});

describe('separation of duties', () => {
  const secretary = passing('in_review', 'secretary').actorIs;
  const party = { ...secretary, party: true };
  const reviewer = { ...secretary, reviewer: true };

  it('lets no party assign, review, decide or publish, whatever roles they hold', () => {
    for (const duty of ['assign', 'review', 'decide', 'publish'] as const)
      expect(dutyRefusal(duty, party)).toEqual({
        code: 'SEPARATION_OF_DUTIES',
        key: `workflow.refused.duty.party.${duty}`,
      });
  });

  it('lets a reviewer of the assessment assign and publish, but not decide', () => {
    expect(dutyRefusal('assign', reviewer)).toBeNull();
    expect(dutyRefusal('publish', reviewer)).toBeNull();
    expect(dutyRefusal('decide', reviewer)).toMatchObject({
      key: 'workflow.refused.duty.reviewerDecides',
    });
  });

  it('refuses a proposer who is also secretary each secretary step, before the state', () => {
    const ctx = { ...passing('in_review', 'secretary'), actorIs: party };
    for (const action of ['assign', 'approve', 'reject', 'request_changes'] as const)
      expect(checkTransition(action, ctx)?.code).toBe('SEPARATION_OF_DUTIES');
    expect(checkTransition('publish', { ...ctx, state: 'approved' })?.code).toBe(
      'SEPARATION_OF_DUTIES',
    );
    expect(checkTransition('publish', { ...ctx, state: 'concept' })?.code).toBe(
      'SEPARATION_OF_DUTIES',
    );
    expect(availableActions(ctx)).toEqual([]);
  });

  it('offers a secretary who reviews it the assignment, not the decisions', () => {
    expect(availableActions({ state: 'in_review', actorIs: reviewer, publicState: null })).toEqual([
      'assign',
    ]);
  });
});

describe('availableActions', () => {
  it('offers the proposer submit and withdraw on a concept, and the secretary nothing', () => {
    expect(availableActions(passing('concept', 'proposer'))).toEqual(['submit', 'withdraw']);
    expect(availableActions(passing('concept', 'secretary'))).toEqual([]);
  });

  it('offers the secretary the decisions while in review, and a reviewer no step: a sign-off is a position', () => {
    expect(availableActions(passing('in_review', 'secretary'))).toEqual([
      'assign',
      'request_changes',
      'approve',
      'approve_with_conditions',
      'reject',
    ]);
    const actorIs = passing('in_review', 'proposer').actorIs;
    expect(
      availableActions({
        state: 'in_review',
        publicState: null,
        actorIs: {
          ...actorIs,
          proposer: false,
          party: false,
          assignedReviewer: true,
          reviewer: true,
        },
      }),
    ).toEqual([]);
    expect(TRANSITIONS.filter((t) => t.duty === 'decide').map((t) => t.action)).toEqual([
      'request_changes',
      'approve',
      'approve_with_conditions',
      'reject',
    ]);
  });
});

describe('what the table says beyond the steps', () => {
  const actorIs = (over: Partial<ActorIs> = {}): ActorIs => ({
    proposer: false,
    party: false,
    secretary: false,
    assignedReviewer: false,
    reviewer: false,
    ...over,
  });

  it('asks a reasoning exactly for the secretary’s decisions, whose outcomes the register shows', () => {
    const reasoned = TRANSITIONS.filter((t) => t.needsReasoning);
    expect(reasoned.map((t) => t.action)).toEqual([
      'request_changes',
      'approve',
      'approve_with_conditions',
      'reject',
    ]);
    expect(reasoned.every((t) => t.duty === 'decide')).toBe(true);
    expect(reasoned.filter((t) => t.action !== 'request_changes').map((t) => t.to)).toEqual([
      ...ASSESSMENT_OUTCOMES,
    ]);
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
    const inReview = { state: 'in_review' as const };
    const reviewer = actorIs({ assignedReviewer: true, reviewer: true });
    const open = { decision: null };

    it('lets an assigned reviewer sign once, while the assessment is in review', () => {
      expect(SIGN_OFF_STATES).toEqual(['in_review']);
      expect(signOffRefusal({ assessment: inReview, actorIs: reviewer }, open)).toBeNull();
      expect(
        signOffRefusal({ assessment: inReview, actorIs: reviewer }, { decision: 'approve' })?.code,
      ).toBe('ALREADY_SIGNED');
    });

    it('refuses a party to the proposal, even when assigned', () => {
      expect(
        signOffRefusal({ assessment: inReview, actorIs: { ...reviewer, party: true } }, open),
      ).toMatchObject({ code: 'SEPARATION_OF_DUTIES', key: 'workflow.refused.duty.party.review' });
    });

    it('refuses a reviewer not assigned to the current revision', () => {
      expect(signOffRefusal({ assessment: inReview, actorIs: actorIs() }, open)?.code).toBe(
        'NOT_ALLOWED',
      );
      expect(signOffRefusal({ assessment: inReview, actorIs: reviewer }, null)?.code).toBe(
        'NOT_ALLOWED',
      );
    });

    it('refuses outside review, naming the state', () => {
      const approved = { ...inReview, state: 'approved' as const };
      expect(signOffRefusal({ assessment: approved, actorIs: reviewer }, open)).toMatchObject({
        code: 'INVALID_TRANSITION',
        params: { state: 'approved' },
      });
    });
  });
});

describe('the public entry’s life, apart from the revision', () => {
  it('marks the entry due and retires it whatever state a revision is in', () => {
    for (const state of ASSESSMENT_STATES.filter((s) => s !== 'retired')) {
      const ctx = passing(state, 'secretary', { publicState: 'published' });
      expect(checkTransition('mark_reassessment_due', ctx)).toBeNull();
      expect(checkTransition('retire', ctx)).toBeNull();
      expect(checkTransition('retire', { ...ctx, publicState: 'reassessment_due' })).toBeNull();
    }
    expect(transitionFor('mark_reassessment_due').to).toBeNull();
  });

  it('refuses the steps about the entry while nothing is public, or once it is retired', () => {
    const none = passing('withdrawn', 'secretary');
    expect(checkTransition('retire', none)).toMatchObject({
      code: 'INVALID_TRANSITION',
      key: 'workflow.refused.notPublic',
    });
    expect(checkTransition('revise', none)?.key).toBe('workflow.refused.notPublic');
    const retired = passing('retired', 'secretary', { publicState: 'retired' });
    expect(checkTransition('mark_reassessment_due', retired)).toMatchObject({
      code: 'INVALID_TRANSITION',
      key: 'workflow.refused.public.retired',
    });
    expect(
      checkTransition('mark_reassessment_due', { ...retired, publicState: 'reassessment_due' })
        ?.key,
    ).toBe('workflow.refused.public.reassessment_due');
  });

  it('starts a re-assessment once the last revision is closed: published, withdrawn or rejected', () => {
    for (const state of ['published', 'withdrawn', 'rejected'] as const)
      for (const actor of ACTORS)
        expect(
          checkTransition('revise', passing(state, actor, { publicState: 'reassessment_due' })),
        ).toBeNull();
    expect(
      checkTransition('revise', passing('in_review', 'proposer', { publicState: 'published' })),
    ).toMatchObject({ code: 'INVALID_TRANSITION', key: 'workflow.refused.revisionOpen' });
  });

  it('offers the secretary retire and mark due beside the decisions of an open revision', () => {
    expect(
      availableActions(passing('in_review', 'secretary', { publicState: 'published' })),
    ).toEqual([
      'assign',
      'request_changes',
      'approve',
      'approve_with_conditions',
      'reject',
      'mark_reassessment_due',
      'retire',
    ]);
  });
});
