import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { Relation } from 'typeorm';
import { Assessment } from './assessment.entity';

/** The answer to one question in one revision; a new revision starts with a copy of the last. */
@Entity({ name: 'answers' })
@Index('uq_answers_assessment_revision_question', ['assessmentId', 'revision', 'questionId'], {
  unique: true,
})
export class Answer {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  assessmentId: number;

  @ManyToOne(() => Assessment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'assessment_id' })
  assessment: Relation<Assessment>;

  @Column({ type: 'integer' })
  revision: number;

  @Column({ type: 'varchar', length: 100 })
  questionId: string;

  /** Typed by the question: boolean, string, number, string[] or an ISO date string. */
  @Column({ type: 'simple-json' })
  value: unknown;

  @Column({ type: 'integer', nullable: true })
  answeredById: number | null;

  @UpdateDateColumn()
  updatedAt: Date;
}
