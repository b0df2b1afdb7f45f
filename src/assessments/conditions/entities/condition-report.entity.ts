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
import { User } from '../../../accounts/entities/user.entity';
import { oneOf } from '../../../database/one-of';
import { Condition } from '../../entities/condition.entity';

export const REPORT_OUTCOMES = ['accepted', 'returned'] as const;
export type ReportOutcome = (typeof REPORT_OUTCOMES)[number];

/** The kinds of evidence document taken, recognised by their first bytes (evidence-file.ts). */
export const EVIDENCE_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export type EvidenceType = (typeof EVIDENCE_TYPES)[number];

/**
 * One report of a condition's fulfilment: what was done, a link and/or a document, and what the
 * verifier decided about it. Every report is kept, the returned ones too, so the history of a
 * condition shows what was claimed and what was checked.
 */
@Entity({ name: 'condition_reports' })
@Check(oneOf('outcome', REPORT_OUTCOMES))
@Check(oneOf('evidence_type', EVIDENCE_TYPES))
export class ConditionReport {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('idx_condition_reports_condition')
  @Column({ type: 'integer' })
  conditionId: number;

  @ManyToOne(() => Condition, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'condition_id' })
  condition: Relation<Condition>;

  @Column({ type: 'integer', nullable: true })
  reportedById: number | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'reported_by_id' })
  reportedBy: Relation<User> | null;

  @CreateDateColumn()
  reportedAt: Date;

  @Column({ type: 'text' })
  whatWasDone: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  link: string | null;

  /** The document's name under DATA_DIR/files/evidence: random, never the uploaded name. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  evidenceFile: string | null;

  /** The name it was uploaded with, for people; the download gets a safe name of its own. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  evidenceName: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  evidenceType: EvidenceType | null;

  @Column({ type: 'integer', nullable: true })
  evidenceBytes: number | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  evidenceSha256: string | null;

  /** Null while waiting for the verifier. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  outcome: ReportOutcome | null;

  @Column({ type: 'integer', nullable: true })
  decidedById: number | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'decided_by_id' })
  decidedBy: Relation<User> | null;

  @Column({ type: Date, nullable: true })
  decidedAt: Date | null;

  /** Why it was returned (required then) or accepted (optional). */
  @Column({ type: 'text', nullable: true })
  decisionReason: string | null;
}
