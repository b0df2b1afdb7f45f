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

/** A reviewer's assignment to, and later sign-off on, one revision of an assessment. */
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

  @CreateDateColumn()
  assignedAt: Date;

  @Column({ type: Date, nullable: true })
  signedAt: Date | null;
}
