import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { Relation } from 'typeorm';
import { oneOf } from '../../database/one-of';
import { INSTRUMENT_KINDS, INSTRUMENT_STATUSES } from '../instruments/instrument-rules';
import type { InstrumentKind, InstrumentStatus } from '../instruments/instrument-rules';
import { Assessment } from './assessment.entity';

/**
 * The record of one impact assessment (IAMA or DPIA) of an assessment: how far it is, when, what
 * came out of it, and where to read it (a link, or a PDF kept under DATA_DIR/files/instruments).
 * One per kind per assessment; a required one that is not done blocks approval.
 */
@Entity({ name: 'assessment_instruments' })
@Index('uq_assessment_instruments_assessment_kind', ['assessmentId', 'kind'], { unique: true })
@Check(oneOf('kind', INSTRUMENT_KINDS))
@Check(oneOf('status', INSTRUMENT_STATUSES))
export class Instrument {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  assessmentId: number;

  @ManyToOne(() => Assessment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'assessment_id' })
  assessment: Relation<Assessment>;

  @Column({ type: 'varchar', length: 10 })
  kind: InstrumentKind;

  @Column({ type: 'varchar', length: 20 })
  status: InstrumentStatus;

  /** YYYY-MM-DD: when it was carried out or last worked on. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  date: string | null;

  @Column({ type: 'text', nullable: true })
  outcome: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  link: string | null;

  /** The stored PDF's own random name under DATA_DIR/files/instruments; never the uploaded name. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  documentFile: string | null;

  /** The name the browser gave, for the page only; never a path or a header. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  documentName: string | null;

  @Column({ type: 'integer', nullable: true })
  documentBytes: number | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  documentSha256: string | null;

  @Column({ type: 'integer', nullable: true })
  updatedById: number | null;

  @UpdateDateColumn()
  updatedAt: Date;
}
