import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import type { Relation } from 'typeorm';
import { User } from '../../accounts/entities/user.entity';
import { Assessment } from '../../assessments/entities/assessment.entity';
import { oneOf } from '../../database/one-of';

export const REVIEW_DECISIONS = [
  'approve',
  'approve_with_conditions',
  'request_changes',
  'reject',
] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/** Whether a sign-off counts towards the approvals the rules require: with or without conditions. */
export function isApproval(decision: ReviewDecision | null | undefined): boolean {
  return decision === 'approve' || decision === 'approve_with_conditions';
}

/** A signed position against the proposal, as it stands: a rejection or a request for changes. */
export function isDissent(decision: ReviewDecision | null | undefined): boolean {
  return !!decision && !isApproval(decision);
}

/** How many reviewers took each position, and how many did not sign: shown wherever the outcome is. */
export type PositionCounts = Record<ReviewDecision | 'not_signed', number>;

export function positionCounts(reviews: { decision: ReviewDecision | null }[]): PositionCounts {
  const counts: PositionCounts = {
    approve: 0,
    approve_with_conditions: 0,
    request_changes: 0,
    reject: 0,
    not_signed: 0,
  };
  for (const r of reviews) counts[r.decision ?? 'not_signed']++;
  return counts;
}

/** How far a position or decision goes against the proposal; the two approvals weigh the same. */
const WEIGHT: Record<ReviewDecision, number> = {
  approve: 0,
  approve_with_conditions: 0,
  request_changes: 1,
  reject: 2,
};

/**
 * Whether the secretary's decision goes against a reviewer's position: the reviewer rejected or
 * asked for changes, and the decision is lighter (approving over a request for changes, asking
 * changes or approving over a rejection). Such a decision must answer the dissent.
 */
export function goesAgainst(
  decision: ReviewDecision,
  position: ReviewDecision | null | undefined,
): boolean {
  return isDissent(position) && WEIGHT[decision] < WEIGHT[position!];
}

/** A condition as a reviewer proposes it: what, who, by when (YYYY-MM-DD). */
export interface ProposedCondition {
  description: string;
  owner: string;
  dueDate: string;
}

/** A reviewer's assignment to, and later position on, one revision of an assessment. */
@Entity({ name: 'reviews' })
@Check(oneOf('decision', REVIEW_DECISIONS))
@Index('uq_reviews_assessment_revision_reviewer', ['assessmentId', 'revision', 'reviewerId'], {
  unique: true,
})
export class Review {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  assessmentId: number;

  @ManyToOne(() => Assessment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'assessment_id' })
  assessment: Relation<Assessment>;

  @Column({ type: 'integer' })
  revision: number;

  @Index('idx_reviews_reviewer')
  @Column({ type: 'integer' })
  reviewerId: number;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'reviewer_id' })
  reviewer: Relation<User>;

  /** Null until signed. */
  @Column({ type: 'varchar', length: 30, nullable: true })
  decision: ReviewDecision | null;

  @Column({ type: 'text', nullable: true })
  reasoning: string | null;

  /** Remarks per checklist section id. */
  @Column({ type: 'simple-json', nullable: true })
  sectionRemarks: Record<string, string> | null;

  /** Remarks per question id: the proposer answers each one in the next revision. */
  @Column({ type: 'simple-json', nullable: true })
  questionRemarks: Record<string, string> | null;

  /**
   * With "approve with conditions": the conditions this reviewer proposes. They become conditions
   * of the approval only when the secretary's decision adopts them.
   */
  @Column({ type: 'simple-json', nullable: true })
  proposedConditions: ProposedCondition[] | null;

  /** Why this reviewer was added after others had signed; null when assigned before. */
  @Column({ type: 'text', nullable: true })
  assignmentReason: string | null;

  @CreateDateColumn()
  assignedAt: Date;

  @Column({ type: Date, nullable: true })
  signedAt: Date | null;
}
