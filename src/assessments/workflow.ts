import { Role } from '../accounts/role';
import { DomainError } from '../common/errors/domain-error';
import type { PublicState } from '../publications/entities/publication.entity';
import { ASSESSMENT_STATES } from './assessment-state';
import type { AssessmentState } from './assessment-state';
import { GUARDS } from './workflow-guards';
import type { ActorIs, Refusal, TransitionContext } from './workflow-guards';

/**
 * The assessment workflow as one table. Every state change goes through `checkTransition`, which
 * says whether this actor may take this step now and, if not, why; the pages ask the same table
 * which buttons to show. Each step's effect is in workflow-effects.ts, keyed by the same actions;
 * who may sign off a review and who may edit are decided below the table, from it. Reviewers take
 * no step: their sign-off is a position, on which the secretary decides. DESIGN.md has the
 * diagram.
 */
export const WORKFLOW_ACTIONS = [
  'submit',
  'resubmit',
  'withdraw',
  'assign',
  'request_changes',
  'approve',
  'approve_with_conditions',
  'reject',
  'publish',
  'mark_reassessment_due',
  'revise',
  'retire',
] as const;
export type WorkflowAction = (typeof WORKFLOW_ACTIONS)[number];

/** Who may take a step: the assessment's own proposer (or a co-author), or a secretary of its organisation. */
export type Actor = 'proposer' | 'secretary';

/**
 * The parts of one assessment that must lie with different people (DESIGN.md, roles): whoever
 * proposed or co-authored it does none of these, whatever roles they hold; a reviewer of it does
 * not decide it. `dutyRefusal` below is the one rule.
 */
export type Duty = 'assign' | 'review' | 'decide' | 'publish';

export type GuardName =
  | 'complete'
  | 'register_complete'
  | 'legal_floors'
  | 'no_blocking_rules'
  | 'bias_mitigated'
  | 'remarks_answered'
  | 'enough_reviewers'
  | 'no_party_reviewer'
  | 'deadline_ahead'
  | 'reviewers_change_reason'
  | 'decision_ready'
  | 'enough_positions'
  | 'enough_approvals'
  | 'dissent_addressed'
  | 'no_conditions'
  | 'has_conditions'
  | 'instruments_done';

export interface Transition {
  action: WorkflowAction;
  /** The states of the revision the step starts from. */
  from: readonly AssessmentState[];
  /** The revision's state after the step; null: it stays as it was. */
  to: AssessmentState | null;
  /**
   * For the steps about the public entry: the entry's life it must be in, and what it becomes.
   * They depend on the public entry, not on the revision being worked on.
   */
  public?: { from?: readonly PublicState[]; to?: PublicState };
  /** The message when the revision's state refuses the step, if more telling than the general one. */
  wrongStateKey?: string;
  who: readonly Actor[];
  /** The part of the assessment this step is, which its parties may not take (dutyRefusal). */
  duty?: Duty;
  guards: readonly GuardName[];
  /** The secretary's decisions: refused without a reasoning, which is kept on the assessment. */
  needsReasoning: boolean;
  /** The step opens a new revision: a copy of the answers that can be changed while the old ones stay as reviewed. */
  newRevision: boolean;
}

/** Where a new proposal starts; every other state is reached by a step. */
export const INITIAL_STATE: AssessmentState = 'concept';

/** Revisions that are over: no step of the commission's work waits on them. */
export const CLOSED_STATES: readonly AssessmentState[] = ['published', 'withdrawn', 'rejected'];

/** Every state but retired, after which nothing happens to an assessment. */
const ANY_STATE: readonly AssessmentState[] = ASSESSMENT_STATES.filter((s) => s !== 'retired');

export const TRANSITIONS: readonly Transition[] = [
  {
    action: 'submit',
    from: ['concept'],
    to: 'submitted',
    who: ['proposer'],
    guards: [
      'complete',
      'register_complete',
      'legal_floors',
      'no_blocking_rules',
      'bias_mitigated',
    ],
    needsReasoning: false,
    newRevision: false,
  },
  {
    action: 'resubmit',
    from: ['changes_requested'],
    to: 'in_review',
    who: ['proposer'],
    guards: [
      'complete',
      'register_complete',
      'remarks_answered',
      'legal_floors',
      'no_blocking_rules',
      'bias_mitigated',
    ],
    needsReasoning: false,
    newRevision: false,
  },
  {
    action: 'withdraw',
    from: ['concept', 'submitted', 'changes_requested'],
    to: 'withdrawn',
    who: ['proposer'],
    guards: [],
    needsReasoning: false,
    newRevision: false,
  },
  {
    action: 'assign',
    from: ['submitted', 'in_review'],
    to: 'in_review',
    who: ['secretary'],
    duty: 'assign',
    guards: ['enough_reviewers', 'no_party_reviewer', 'deadline_ahead', 'reviewers_change_reason'],
    needsReasoning: false,
    newRevision: false,
  },
  {
    action: 'request_changes',
    from: ['in_review'],
    to: 'changes_requested',
    who: ['secretary'],
    duty: 'decide',
    guards: ['decision_ready', 'enough_positions', 'dissent_addressed'],
    needsReasoning: true,
    newRevision: true,
  },
  {
    action: 'approve',
    from: ['in_review'],
    to: 'approved',
    who: ['secretary'],
    duty: 'decide',
    guards: [
      'decision_ready',
      'legal_floors',
      'instruments_done',
      'no_blocking_rules',
      'bias_mitigated',
      'enough_positions',
      'enough_approvals',
      'no_conditions',
      'dissent_addressed',
    ],
    needsReasoning: true,
    newRevision: false,
  },
  {
    action: 'approve_with_conditions',
    from: ['in_review'],
    to: 'approved_with_conditions',
    who: ['secretary'],
    duty: 'decide',
    guards: [
      'decision_ready',
      'legal_floors',
      'instruments_done',
      'no_blocking_rules',
      'bias_mitigated',
      'enough_positions',
      'enough_approvals',
      'has_conditions',
      'dissent_addressed',
    ],
    needsReasoning: true,
    newRevision: false,
  },
  {
    action: 'reject',
    from: ['in_review'],
    to: 'rejected',
    who: ['secretary'],
    duty: 'decide',
    guards: ['decision_ready', 'enough_positions'],
    needsReasoning: true,
    newRevision: false,
  },
  {
    action: 'publish',
    from: ['approved', 'approved_with_conditions'],
    to: 'published',
    // Whatever the entry's life was, the new version is published: the daily job marks it due
    // again when its own re-assessment date passes.
    public: { to: 'published' },
    who: ['secretary'],
    duty: 'publish',
    guards: ['legal_floors', 'no_blocking_rules', 'bias_mitigated'],
    needsReasoning: false,
    newRevision: false,
  },
  // The re-assessment date of the published approval has passed: the daily job marks it, the
  // secretary may too. The revision being worked on, if any, is not touched.
  {
    action: 'mark_reassessment_due',
    from: ANY_STATE,
    to: null,
    public: { from: ['published'], to: 'reassessment_due' },
    who: ['secretary'],
    guards: [],
    needsReasoning: false,
    newRevision: false,
  },
  // A re-assessment of what is public: a new revision, once the last one is closed.
  {
    action: 'revise',
    from: CLOSED_STATES,
    to: 'concept',
    public: { from: ['published', 'reassessment_due'] },
    wrongStateKey: 'workflow.refused.revisionOpen',
    who: ['proposer', 'secretary'],
    guards: [],
    needsReasoning: false,
    newRevision: true,
  },
  // Retiring ends the entry's use whatever state a revision is in; that revision ends with it.
  {
    action: 'retire',
    from: ANY_STATE,
    to: 'retired',
    public: { from: ['published', 'reassessment_due'], to: 'retired' },
    who: ['secretary'],
    guards: [],
    needsReasoning: false,
    newRevision: false,
  },
];

/**
 * The commission's decisions as the register shows them: the states its decisions other than a
 * request for changes lead to (the unit spec checks that they agree).
 */
export const ASSESSMENT_OUTCOMES = ['approved', 'approved_with_conditions', 'rejected'] as const;
export type AssessmentOutcome = (typeof ASSESSMENT_OUTCOMES)[number];

export type {
  ActorIs,
  Position,
  Refusal,
  RefusalCode,
  StepInput,
  TransitionContext,
} from './workflow-guards';

/** A refusal as the error the exception filter answers with. */
export function refusalError(refusal: Refusal): DomainError {
  return new DomainError(refusal.code, refusal.key, refusal.details, refusal.params);
}

export function transitionFor(action: WorkflowAction): Transition {
  const t = TRANSITIONS.find((x) => x.action === action);
  if (!t) throw new Error(`No transition ${action}`);
  return t;
}

function actorMayTake(t: Transition, ctx: Pick<TransitionContext, 'actorIs'>): boolean {
  return t.who.some(
    (who) =>
      (who === 'proposer' && ctx.actorIs.proposer) ||
      (who === 'secretary' && ctx.actorIs.secretary),
  );
}

/**
 * Separation of duties on one assessment, the one rule every step and the sign-off ask: whoever
 * proposed or co-authored it may not assign its reviewers, review it, decide on it or publish it,
 * whatever roles they hold; a reviewer of it may not decide on it. Null when this actor may.
 */
export function dutyRefusal(duty: Duty, actorIs: ActorIs): Refusal | null {
  if (actorIs.party)
    return { code: 'SEPARATION_OF_DUTIES', key: `workflow.refused.duty.party.${duty}` };
  if (duty === 'decide' && actorIs.reviewer)
    return { code: 'SEPARATION_OF_DUTIES', key: 'workflow.refused.duty.reviewerDecides' };
  return null;
}

/**
 * Null when the step may be taken; otherwise the first reason it may not, in a fixed order: role,
 * separation of duties, state, guards.
 */
export function checkTransition(action: WorkflowAction, ctx: TransitionContext): Refusal | null {
  const t = transitionFor(action);
  if (!actorMayTake(t, ctx))
    return { code: 'NOT_ALLOWED', key: 'workflow.refused.notAllowed', params: { action } };
  const duty = t.duty && dutyRefusal(t.duty, ctx.actorIs);
  if (duty) return duty;
  if (t.public?.from && !(ctx.publicState && t.public.from.includes(ctx.publicState)))
    return {
      code: 'INVALID_TRANSITION',
      key: ctx.publicState
        ? `workflow.refused.public.${ctx.publicState}`
        : 'workflow.refused.notPublic',
      params: { action, state: ctx.publicState },
    };
  if (!t.from.includes(ctx.state))
    return {
      code: 'INVALID_TRANSITION',
      key: t.wrongStateKey ?? 'workflow.refused.wrongState',
      params: { action, state: ctx.state },
    };
  for (const guard of t.guards) {
    const refusal = GUARDS[guard](ctx, action);
    if (refusal) return refusal;
  }
  return null;
}

/**
 * The steps an actor could try from this state (for buttons): their role allows it and the
 * separation of duties does not forbid it; guards are left to the attempt, which explains a refusal.
 */
export function availableActions(
  ctx: Pick<TransitionContext, 'state' | 'actorIs' | 'publicState'>,
): WorkflowAction[] {
  return TRANSITIONS.filter(
    (t) =>
      t.from.includes(ctx.state) &&
      (!t.public?.from || (ctx.publicState !== null && t.public.from.includes(ctx.publicState))) &&
      actorMayTake(t, ctx) &&
      !(t.duty && dutyRefusal(t.duty, ctx.actorIs)),
  ).map((t) => t.action);
}

/** Checked once at start-up: every state is reachable and every action is in the table once. */
export function assertWorkflowConsistent(states: readonly AssessmentState[]): void {
  const actions = TRANSITIONS.map((t) => t.action);
  if (new Set(actions).size !== actions.length)
    throw new Error('Workflow table lists an action twice');
  const targets = TRANSITIONS.flatMap((t) => (t.to ? [t.to] : []));
  const reachable = new Set<AssessmentState>([INITIAL_STATE, ...targets]);
  const unreachable = states.filter((s) => !reachable.has(s));
  if (unreachable.length)
    throw new Error(`Workflow states without a way in: ${unreachable.join(', ')}`);
  for (const t of TRANSITIONS) {
    for (const s of [...t.from, ...targets])
      if (!states.includes(s)) throw new Error(`Workflow table names unknown state ${s}`);
    if (t.to === null && !t.public?.to)
      throw new Error(`Workflow step ${t.action} changes neither the revision nor the entry`);
  }
}

/** The role an actor acts in, for the audit trail. */
export function roleFor(actor: ActorIs, t: Transition): Role {
  return t.who.includes('secretary') && actor.secretary ? Role.Secretary : Role.Proposer;
}

/** States in which the proposer may change answers and register fields: those they (re)submit from. */
export const EDITABLE_STATES: readonly AssessmentState[] = [
  ...transitionFor('submit').from,
  ...transitionFor('resubmit').from,
];

/** Null if this actor may change the answers and register fields now; otherwise why not. */
export function editRefusal(state: AssessmentState, actorIs: ActorIs): Refusal | null {
  if (!actorIs.proposer) return { code: 'NOT_ALLOWED', key: 'workflow.refused.onlyProposerEdits' };
  if (!EDITABLE_STATES.includes(state))
    return { code: 'INVALID_TRANSITION', key: 'workflow.refused.notEditable', params: { state } };
  return null;
}

/** States in which reviewers sign off: those the secretary decides from, on their positions. */
export const SIGN_OFF_STATES: readonly AssessmentState[] = transitionFor('approve').from;

/**
 * Whether this user may sign off the current revision now; null if so. The one place for this
 * rule: the reviews service enforces it and the pages ask it whether to offer the form.
 */
export function signOffRefusal(
  loaded: { assessment: { state: AssessmentState }; actorIs: ActorIs },
  ownReview: { decision: string | null } | null | undefined,
): Refusal | null {
  const { assessment, actorIs } = loaded;
  const duty = dutyRefusal('review', actorIs);
  if (duty) return duty;
  if (!actorIs.assignedReviewer || !ownReview)
    return { code: 'NOT_ALLOWED', key: 'workflow.refused.notAssigned' };
  if (!SIGN_OFF_STATES.includes(assessment.state))
    return {
      code: 'INVALID_TRANSITION',
      key: 'workflow.refused.notInReview',
      params: { state: assessment.state },
    };
  if (ownReview.decision) return { code: 'ALREADY_SIGNED', key: 'workflow.refused.alreadySigned' };
  return null;
}
