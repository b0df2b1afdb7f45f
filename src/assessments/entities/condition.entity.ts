import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  VersionColumn,
} from 'typeorm';
import type { Relation } from 'typeorm';
import { User } from '../../accounts/entities/user.entity';
import { oneOf } from '../../database/one-of';
import { Review } from '../../reviews/entities/review.entity';
import { Assessment } from './assessment.entity';

/**
 * Where a condition stands: open until its owner reports fulfilment with evidence, reported until
 * the secretary (or the reviewer who set it) accepts the report, verified then. A returned report
 * puts it back to open. See conditions/conditions.service.ts.
 */
export const CONDITION_STATES = ['open', 'reported', 'verified'] as const;
export type ConditionState = (typeof CONDITION_STATES)[number];

/** A follow-up attached to an approval: what, who, by when, and whether its fulfilment was verified. */
@Entity({ name: 'conditions' })
@Check(oneOf('state', CONDITION_STATES))
export class Condition {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('idx_conditions_assessment')
  @Column({ type: 'integer' })
  assessmentId: number;

  @ManyToOne(() => Assessment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'assessment_id' })
  assessment: Relation<Assessment>;

  @Column({ type: 'integer', nullable: true })
  reviewId: number | null;

  @ManyToOne(() => Review, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'review_id' })
  review: Relation<Review> | null;

  @Column({ type: 'text' })
  description: string;

  /** Who must fulfil it: a person or a department, as the reviewer wrote it. */
  @Column({ type: 'varchar', length: 200 })
  owner: string;

  /** YYYY-MM-DD */
  @Index('idx_conditions_due_date')
  @Column({ type: 'varchar', length: 10 })
  dueDate: string;

  @Column({ type: 'varchar', length: 10, default: 'open' })
  state: ConditionState;

  /** When the report now waiting or accepted was made; null while open. */
  @Column({ type: Date, nullable: true })
  reportedAt: Date | null;

  @Column({ type: Date, nullable: true })
  verifiedAt: Date | null;

  @Column({ type: 'integer', nullable: true })
  verifiedById: number | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'verified_by_id' })
  verifiedBy: Relation<User> | null;

  /** A report and its verification may cross: each step claims the version it was shown. */
  @VersionColumn()
  version: number;

  @CreateDateColumn()
  createdAt: Date;
}
