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
import { Assessment } from './assessment.entity';

/**
 * One answer on an assessment's path through the AI Act decision tree: the question and the
 * answer's position in it (from 1), in the order given. Only the path is kept, never the labels
 * or the conclusion: those are worked out again from the pinned tree version on every read.
 */
@Entity({ name: 'ai_act_answers' })
@Index('uq_ai_act_answers_assessment_step', ['assessmentId', 'step'], { unique: true })
export class AiActAnswer {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  assessmentId: number;

  @ManyToOne(() => Assessment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'assessment_id' })
  assessment: Relation<Assessment>;

  /** Where on the path, counted from 0. */
  @Column({ type: 'integer' })
  step: number;

  @Column({ type: 'varchar', length: 40 })
  questionId: string;

  /** The answer's position in its question, counted from 1, as the evaluation API counts. */
  @Column({ type: 'integer' })
  answer: number;

  @Column({ type: 'integer', nullable: true })
  answeredById: number | null;

  @CreateDateColumn()
  answeredAt: Date;
}
