import { Role } from '../accounts/role';
import type { ChecklistEvaluation } from '../checklists/engine';
import type { AssessmentState } from './assessment-state';

/**
 * The assessment workflow as one table. Every state change goes through `checkTransition`, which
 * says whether this actor may take this step now and, if not, why; the pages ask the same table
 * which buttons to show. DESIGN.md has the diagram.
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

/** Who may take a step: the assessment's own proposer, a secretary of its organisation, or a reviewer assigned to the current revision. */
export type Actor = 'proposer' | 'secretary' | 'assigned_reviewer';

export type GuardName =
  | 'complete'
  | 'register_complete'
  | 'no_blocking_rules'
  | 'enough_reviewers'
  | 'proposer_not_reviewer'
  | 'enough_approvals'
  | 'no_conditions'
  | 'has_conditions';

export interface Transition {
  action: WorkflowAction;
  from: readonly AssessmentState[];
  to: AssessmentState;
  who: readonly Actor[];
  guards: readonly GuardName[];
  /** The step opens a new revision: a copy of the answers that can be changed while the old ones stay as reviewed. */
  newRevision?: boolean;
}

export const TRANSITIONS: readonly Transition[] = [
  {
    action: 'submit',
    from: ['concept'],
    to: 'submitted',
    who: ['proposer'],
    guards: ['complete', 'register_complete', 'no_blocking_rules'],
  },
  {
    action: 'resubmit',
    from: ['changes_requested'],
    to: 'in_review',
    who: ['proposer'],
    guards: ['complete', 'register_complete', 'no_blocking_rules'],
  },
  {
    action: 'withdraw',
    from: ['concept', 'submitted', 'changes_requested'],
    to: 'withdrawn',
    who: ['proposer'],
    guards: [],
  },
  {
    action: 'assign',
    from: ['submitted', 'in_review'],
    to: 'in_review',
    who: ['secretary'],
    guards: ['enough_reviewers', 'proposer_not_reviewer'],
  },
  {
    action: 'request_changes',
    from: ['in_review'],
    to: 'changes_requested',
    who: ['secretary', 'assigned_reviewer'],
    guards: [],
    newRevision: true,
  },
  {
    action: 'approve',
    from: ['in_review'],
    to: 'approved',
    who: ['secretary'],
    guards: ['no_blocking_rules', 'enough_approvals', 'no_conditions'],
  },
  {
    action: 'approve_with_conditions',
    from: ['in_review'],
    to: 'approved_with_conditions',
    who: ['secretary'],
    guards: ['no_blocking_rules', 'enough_approvals', 'has_conditions'],
  },
  { action: 'reject', from: ['in_review'], to: 'rejected', who: ['secretary'], guards: [] },
  {
    action: 'publish',
    from: ['approved', 'approved_with_conditions'],
    to: 'published',
    who: ['secretary'],
    guards: [],
  },
  {
    action: 'mark_reassessment_due',
    from: ['published'],
    to: 'reassessment_due',
    who: ['secretary'],
    guards: [],
  },
  {
    action: 'revise',
    from: ['published', 'reassessment_due'],
    to: 'concept',
    who: ['proposer'],
    guards: [],
    newRevision: true,
  },
  {
    action: 'retire',
    from: ['published', 'reassessment_due'],
    to: 'retired',
    who: ['secretary'],
    guards: [],
  },
];

/**
 * The commission's decisions as the register shows them: the states the steps that need a
 * reasoning lead to (the unit spec checks that they agree).
 */
export const ASSESSMENT_OUTCOMES = ['approved', 'approved_with_conditions', 'rejected'] as const;
export type AssessmentOutcome = (typeof ASSESSMENT_OUTCOMES)[number];

/** States in which the proposer may change answers and register fields. */
export const EDITABLE_STATES: readonly AssessmentState[] = ['concept', 'changes_requested'];

/** Everything a guard may look at, gathered by the service for the current revision. */
export interface TransitionContext {
  state: AssessmentState;
  /** The actor's relation to this assessment. */
  actorIs: { proposer: boolean; secretary: boolean; assignedReviewer: boolean };
  evaluation: ChecklistEvaluation;
  /** Required Publicatiestandaard fields of the register entry that are still empty. */
  missingRegisterFields: string[];
  /** Reviewers for the step `assign`: the ones that will be assigned. */
  reviewerIds: number[];
  proposerId: number | null;
  /** Signed reviews of the current revision. */
  approvals: number;
  /** Conditions attached by the reviews of the current revision. */
  conditions: number;
}

export type RefusalCode =
  | 'INVALID_TRANSITION'
  | 'NOT_ALLOWED'
  | 'CHECKLIST_INCOMPLETE'
  | 'REGISTER_INCOMPLETE'
  | 'BLOCKING_RULE'
  | 'TOO_FEW_REVIEWERS'
  | 'SELF_REVIEW'
  | 'TOO_FEW_APPROVALS'
  | 'CONDITIONS_PRESENT'
  | 'NO_CONDITIONS';

export interface Refusal {
  code: RefusalCode;
  /** Message key under workflow.refused. */
  key: string;
  params?: Record<string, unknown>;
  details?: unknown;
}

const GUARDS: Record<GuardName, (ctx: TransitionContext) => Refusal | null> = {
  complete: (ctx) =>
    ctx.evaluation.missingRequired.length === 0
      ? null
      : {
          code: 'CHECKLIST_INCOMPLETE',
          key: 'workflow.refused.incomplete',
          params: { count: ctx.evaluation.missingRequired.length },
          details: { missing: ctx.evaluation.missingRequired },
        },
  register_complete: (ctx) =>
    ctx.missingRegisterFields.length === 0
      ? null
      : {
          code: 'REGISTER_INCOMPLETE',
          key: 'workflow.refused.registerIncomplete',
          params: { fields: ctx.missingRegisterFields.join(', ') },
          details: { missing: ctx.missingRegisterFields },
        },
  no_blocking_rules: (ctx) =>
    ctx.evaluation.blocking.length === 0
      ? null
      : {
          code: 'BLOCKING_RULE',
          key: 'workflow.refused.blocking',
          params: { rules: ctx.evaluation.blocking.map((b) => b.id).join(', ') },
          details: { blocking: ctx.evaluation.blocking },
        },
  enough_reviewers: (ctx) =>
    ctx.reviewerIds.length >= ctx.evaluation.requiredApprovals
      ? null
      : {
          code: 'TOO_FEW_REVIEWERS',
          key: 'workflow.refused.tooFewReviewers',
          params: { required: ctx.evaluation.requiredApprovals, given: ctx.reviewerIds.length },
        },
  proposer_not_reviewer: (ctx) =>
    ctx.proposerId !== null && ctx.reviewerIds.includes(ctx.proposerId)
      ? { code: 'SELF_REVIEW', key: 'workflow.refused.selfReview' }
      : null,
  enough_approvals: (ctx) =>
    ctx.approvals >= ctx.evaluation.requiredApprovals
      ? null
      : {
          code: 'TOO_FEW_APPROVALS',
          key: 'workflow.refused.tooFewApprovals',
          params: { required: ctx.evaluation.requiredApprovals, given: ctx.approvals },
        },
  no_conditions: (ctx) =>
    ctx.conditions === 0
      ? null
      : {
          code: 'CONDITIONS_PRESENT',
          key: 'workflow.refused.conditionsPresent',
          params: { count: ctx.conditions },
        },
  has_conditions: (ctx) =>
    ctx.conditions > 0 ? null : { code: 'NO_CONDITIONS', key: 'workflow.refused.noConditions' },
};

export function transitionFor(action: WorkflowAction): Transition {
  const t = TRANSITIONS.find((x) => x.action === action);
  if (!t) throw new Error(`No transition ${action}`);
  return t;
}

function actorMayTake(t: Transition, ctx: TransitionContext): boolean {
  return t.who.some(
    (who) =>
      (who === 'proposer' && ctx.actorIs.proposer) ||
      (who === 'secretary' && ctx.actorIs.secretary) ||
      (who === 'assigned_reviewer' && ctx.actorIs.assignedReviewer),
  );
}

/** Null when the step may be taken; otherwise the first reason it may not, in a fixed order: role, state, guards. */
export function checkTransition(action: WorkflowAction, ctx: TransitionContext): Refusal | null {
  const t = transitionFor(action);
  if (!actorMayTake(t, ctx))
    return { code: 'NOT_ALLOWED', key: 'workflow.refused.notAllowed', params: { action } };
  if (!t.from.includes(ctx.state))
    return {
      code: 'INVALID_TRANSITION',
      key: 'workflow.refused.wrongState',
      params: { action, state: ctx.state },
    };
  for (const guard of t.guards) {
    const refusal = GUARDS[guard](ctx);
    if (refusal) return refusal;
  }
  return null;
}

/** The steps an actor could try from this state (for buttons); guards are left to the attempt, which explains a refusal. */
export function availableActions(
  ctx: Pick<TransitionContext, 'state' | 'actorIs'>,
): WorkflowAction[] {
  return TRANSITIONS.filter(
    (t) => t.from.includes(ctx.state) && actorMayTake(t, ctx as TransitionContext),
  ).map((t) => t.action);
}

/** Checked once at start-up: every state is reachable and every action is in the table once. */
export function assertWorkflowConsistent(states: readonly AssessmentState[]): void {
  const actions = TRANSITIONS.map((t) => t.action);
  if (new Set(actions).size !== actions.length)
    throw new Error('Workflow table lists an action twice');
  const reachable = new Set<AssessmentState>(['concept', ...TRANSITIONS.map((t) => t.to)]);
  const unreachable = states.filter((s) => !reachable.has(s));
  if (unreachable.length)
    throw new Error(`Workflow states without a way in: ${unreachable.join(', ')}`);
  for (const t of TRANSITIONS) {
    for (const s of [...t.from, t.to])
      if (!states.includes(s)) throw new Error(`Workflow table names unknown state ${s}`);
  }
}

/** The role an actor acts in, for the audit trail. */
export function roleFor(actor: TransitionContext['actorIs'], t: Transition): Role | 'reviewer' {
  if (t.who.includes('secretary') && actor.secretary) return Role.Secretary;
  if (t.who.includes('assigned_reviewer') && actor.assignedReviewer) return Role.Reviewer;
  return Role.Proposer;
}
