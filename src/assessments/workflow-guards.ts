import type { ChecklistEvaluation } from '../checklists/engine';
import { isRealDate } from '../common/dates';
import type { FloorBreach } from '../law/legal-floors';
import { goesAgainst, isApproval } from '../reviews/entities/review.entity';
import type { ReviewDecision } from '../reviews/entities/review.entity';
import type { PublicState } from '../publications/entities/publication.entity';
import type { AssessmentState } from './assessment-state';
import type { InstrumentKind, InstrumentStatus } from './instruments/instrument-rules';
import type { GuardName, WorkflowAction } from './workflow';

/*
 * The guards the workflow table names (workflow.ts), and what they look at: each says why a step
 * may not be taken now, or null. The table says which guards a step has; these say what each one
 * checks.
 */

/** The actor's relation to one assessment, worked out when it is loaded. */
export interface ActorIs {
  /** May act as its proposer: proposed or co-authored it, and holds the proposer role. */
  proposer: boolean;
  /** Proposed or co-authored it, whatever roles they hold now. */
  party: boolean;
  secretary: boolean;
  /** Assigned to review the current revision. */
  assignedReviewer: boolean;
  /** Assigned to review any revision of it, signed or not. */
  reviewer: boolean;
}

/** A reviewer assigned to the current revision, and their position: null until signed. */
export interface Position {
  reviewerId: number;
  position: ReviewDecision | null;
  /** Conditions they proposed with "approve with conditions". */
  conditions: number;
}

/** What the actor brings to a step, as far as the guards look at it. */
export interface StepInput {
  /** `assign`: the reviewers to assign, the review deadline (YYYY-MM-DD) and, once anyone signed, why the set changes. */
  reviewerIds: number[];
  deadline?: string;
  reason?: string;
  /** A decision against a reviewer's reject or request for changes: how it answers them. */
  dissentReasoning?: string;
  /** Conditions the secretary adds to those the reviewers proposed. */
  conditions: number;
}

/** Everything a guard may look at, gathered by the service for the current revision. */
export interface TransitionContext {
  state: AssessmentState;
  /** The public entry's life: its current publication's, null while nothing is public. */
  publicState: PublicState | null;
  actorIs: ActorIs;
  evaluation: ChecklistEvaluation;
  /** Required Publicatiestandaard fields of the register entry that are still empty. */
  missingRegisterFields: string[];
  /** The legal floors the answers do not clear (src/law/legal-floors.ts). */
  floors: FloorBreach[];
  /** The impact assessments (IAMA, DPIA): whether each is required, and how far it is. */
  instruments: { kind: InstrumentKind; required: boolean; status: InstrumentStatus }[];
  /** The reviewers' remarks on the revision before that this one has not answered (remarks.ts). */
  openRemarks: { key: string; target: string }[];
  /** The proposer and the co-authors: the parties, who may not review it. */
  partyIds: number[];
  positions: Position[];
  /** The review deadline the secretary set for this revision (YYYY-MM-DD), and today. */
  deadline: string | null;
  today: string;
  input: StepInput;
}

export type RefusalCode =
  | 'INVALID_TRANSITION'
  | 'NOT_ALLOWED'
  | 'CHECKLIST_INCOMPLETE'
  | 'REGISTER_INCOMPLETE'
  | 'LEGAL_FLOOR'
  | 'REMARKS_UNANSWERED'
  | 'BLOCKING_RULE'
  | 'BIAS_UNMITIGATED'
  | 'TOO_FEW_REVIEWERS'
  | 'SEPARATION_OF_DUTIES'
  | 'REASON_REQUIRED'
  | 'REVIEWS_OPEN'
  | 'TOO_FEW_POSITIONS'
  | 'TOO_FEW_APPROVALS'
  | 'DISSENT_NOT_ADDRESSED'
  | 'VALIDATION_FAILED'
  | 'CONDITIONS_PRESENT'
  | 'NO_CONDITIONS'
  | 'INSTRUMENT_NOT_DONE'
  | 'ALREADY_SIGNED';

export interface Refusal {
  code: RefusalCode;
  /** Message key under workflow.refused. */
  key: string;
  params?: Record<string, unknown>;
  details?: unknown;
}

const signed = (ctx: TransitionContext) => ctx.positions.filter((p) => p.position !== null);
/** Conditions of the decision: those the reviewers proposed and those the secretary adds. */
const conditionCount = (ctx: TransitionContext) =>
  ctx.positions.reduce((n, p) => n + p.conditions, 0) + ctx.input.conditions;
/** The reviewers the assessment has once the step `assign` is taken. */
const assignedAfter = (ctx: TransitionContext) =>
  new Set([...ctx.positions.map((p) => p.reviewerId), ...ctx.input.reviewerIds]);

export const GUARDS: Record<
  GuardName,
  (ctx: TransitionContext, action: WorkflowAction) => Refusal | null
> = {
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
  // The law's floors, whatever the template: the message names the first, with its source.
  legal_floors: (ctx) => {
    const [first] = ctx.floors;
    if (!first) return null;
    return {
      code: 'LEGAL_FLOOR',
      key: `law.floor.${first.floor}.${first.established ? 'breached' : 'notEstablished'}`,
      details: { floors: ctx.floors },
    };
  },
  // A required impact assessment that is not done: the message names the first, details each.
  instruments_done: (ctx) => {
    const open = ctx.instruments.filter((i) => i.required && i.status !== 'done');
    if (open.length === 0) return null;
    return {
      code: 'INSTRUMENT_NOT_DONE',
      key: `workflow.refused.instrumentNotDone.${open[0].kind}`,
      details: { instruments: open },
    };
  },
  // Resubmitting answers the commission: every remark on the revision before, one by one.
  remarks_answered: (ctx) =>
    ctx.openRemarks.length === 0
      ? null
      : {
          code: 'REMARKS_UNANSWERED',
          key: 'workflow.refused.remarksUnanswered',
          params: {
            count: ctx.openRemarks.length,
            remarks: [...new Set(ctx.openRemarks.map((r) => r.target))].join(', '),
          },
          details: { remarks: ctx.openRemarks },
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
  // A bias test that found a disparity beyond the organisation's threshold holds up approval until
  // what was done about it is recorded; as percentages, which read the same in both languages.
  bias_mitigated: ({ evaluation: { disparity } }) =>
    !disparity || !disparity.beyond || disparity.mitigated
      ? null
      : {
          code: 'BIAS_UNMITIGATED',
          key: 'workflow.refused.biasUnmitigated',
          params: {
            ratio: Math.round(disparity.ratio * 100),
            threshold: Math.round(disparity.threshold * 100),
          },
          details: { disparity },
        },
  enough_reviewers: (ctx) => {
    const given = assignedAfter(ctx).size;
    return given >= ctx.evaluation.requiredApprovals
      ? null
      : {
          code: 'TOO_FEW_REVIEWERS',
          key: 'workflow.refused.tooFewReviewers',
          params: { required: ctx.evaluation.requiredApprovals, given },
        };
  },
  no_party_reviewer: (ctx) =>
    ctx.input.reviewerIds.some((id) => ctx.partyIds.includes(id))
      ? { code: 'SEPARATION_OF_DUTIES', key: 'workflow.refused.duty.partyAsReviewer' }
      : null,
  deadline_ahead: (ctx) => {
    const { deadline } = ctx.input;
    return deadline && isRealDate(deadline) && deadline > ctx.today
      ? null
      : {
          code: 'VALIDATION_FAILED',
          key: 'errors.VALIDATION_FAILED',
          details: [{ field: 'deadline', key: 'workflow.deadlineAfterToday' }],
        };
  },
  // Once anyone has taken a position, adding a reviewer can change the outcome: say why.
  reviewers_change_reason: (ctx) => {
    const adds = [...assignedAfter(ctx)].length > ctx.positions.length;
    if (!adds || signed(ctx).length === 0 || ctx.input.reason?.trim()) return null;
    return {
      code: 'REASON_REQUIRED',
      key: 'workflow.refused.reviewersChangeReason',
      details: [{ field: 'reason', key: 'workflow.reviewersChangeReasonRequired' }],
    };
  },
  // The secretary decides once every reviewer has signed, or once the deadline has passed.
  decision_ready: (ctx) => {
    const open = ctx.positions.length - signed(ctx).length;
    if (open === 0 || (ctx.deadline !== null && ctx.today > ctx.deadline)) return null;
    return {
      code: 'REVIEWS_OPEN',
      key: ctx.deadline ? 'workflow.refused.reviewsOpenUntil' : 'workflow.refused.reviewsOpen',
      params: { open, deadline: ctx.deadline },
    };
  },
  enough_positions: (ctx) => {
    const given = signed(ctx).length;
    return given >= ctx.evaluation.requiredApprovals
      ? null
      : {
          code: 'TOO_FEW_POSITIONS',
          key: 'workflow.refused.tooFewPositions',
          params: { required: ctx.evaluation.requiredApprovals, given },
        };
  },
  enough_approvals: (ctx) => {
    const given = signed(ctx).filter((p) => isApproval(p.position)).length;
    return given >= ctx.evaluation.requiredApprovals
      ? null
      : {
          code: 'TOO_FEW_APPROVALS',
          key: 'workflow.refused.tooFewApprovals',
          params: { required: ctx.evaluation.requiredApprovals, given },
        };
  },
  // A decision against a reviewer's reject or request for changes answers it, in its own field.
  dissent_addressed: (ctx, action) => {
    const count = signed(ctx).filter((p) =>
      goesAgainst(action as ReviewDecision, p.position),
    ).length;
    if (count === 0 || ctx.input.dissentReasoning?.trim()) return null;
    return {
      code: 'DISSENT_NOT_ADDRESSED',
      key: 'workflow.refused.dissent',
      params: { count },
      details: [{ field: 'dissentReasoning', key: 'workflow.dissentReasoningRequired' }],
    };
  },
  no_conditions: (ctx) => {
    const count = conditionCount(ctx);
    return count === 0
      ? null
      : {
          code: 'CONDITIONS_PRESENT',
          key: 'workflow.refused.conditionsPresent',
          params: { count },
        };
  },
  has_conditions: (ctx) =>
    conditionCount(ctx) > 0
      ? null
      : { code: 'NO_CONDITIONS', key: 'workflow.refused.noConditions' },
};
