import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import type { Relation } from 'typeorm';
import { Review } from '../../reviews/entities/review.entity';
import { Assessment } from './assessment.entity';

/** A follow-up attached to an approval: what, who, by when, and whether it is done. */
@Entity({ name: 'conditions' })
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

  @Column({ type: Date, nullable: true })
  doneAt: Date | null;

  @Column({ type: 'integer', nullable: true })
  doneById: number | null;

  @CreateDateColumn()
  createdAt: Date;
}
