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
 * The register entry's Publicatiestandaard fields as one revision was submitted with them, so that
 * the public texts of two revisions can be compared as their answers are (the algorithm row holds
 * only the latest).
 */
@Entity({ name: 'register_snapshots' })
@Index('uq_register_snapshots_assessment_revision', ['assessmentId', 'revision'], { unique: true })
export class RegisterSnapshot {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  assessmentId: number;

  @ManyToOne(() => Assessment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'assessment_id' })
  assessment: Relation<Assessment>;

  @Column({ type: 'integer' })
  revision: number;

  /** By Publicatiestandaard key (`purpose_and_impact`), as the proposer filled them in. */
  @Column({ type: 'simple-json' })
  fields: Record<string, unknown>;

  @CreateDateColumn()
  takenAt: Date;
}
