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

/**
 * The proposer's answer, in one revision, to a remark the reviewers made on the revision before:
 * on a question or on a section (`remark` is its key, see remarks.ts). Reviewers read it beside
 * the diff.
 */
@Entity({ name: 'remark_answers' })
@Index('uq_remark_answers_assessment_revision_remark', ['assessmentId', 'revision', 'remark'], {
  unique: true,
})
export class RemarkAnswer {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  assessmentId: number;

  @ManyToOne(() => Assessment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'assessment_id' })
  assessment: Relation<Assessment>;

  /** The revision that answers: the one after the reviewed revision. */
  @Column({ type: 'integer' })
  revision: number;

  @Column({ type: 'varchar', length: 160 })
  remark: string;

  @Column({ type: 'text' })
  answer: string;

  @Column({ type: 'integer', nullable: true })
  answeredById: number | null;

  @UpdateDateColumn()
  updatedAt: Date;
}
