import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import type { Relation } from 'typeorm';
import { Algorithm, ALGORITHM_ORIGINS } from '../../algorithms/entities/algorithm.entity';
import type { AlgorithmOrigin } from '../../algorithms/entities/algorithm.entity';
import type { StandardRecord } from '../../algorithms/publicatiestandaard';
import { oneOf } from '../../database/one-of';
import type { AssessmentSummary } from '../assessment-summary';

/**
 * The life of the public entry, apart from any revision being worked on: published, due for
 * re-assessment (its approval's date has passed), or retired (out of use, still public).
 */
export const PUBLIC_STATES = ['published', 'reassessment_due', 'retired'] as const;
export type PublicState = (typeof PUBLIC_STATES)[number];

/**
 * One published version of a register entry: the Publicatiestandaard record and the assessment
 * summary as they were made public. The newest one is `current`; earlier ones stay readable as the
 * entry's history. A draft revision in the workflow never changes what is public until it is
 * published in turn. The current version also carries the entry's life (`lifecycle`), which a
 * re-assessment date passing or a retirement changes, whatever state a revision is in.
 */
/** The impact-assessment flag of the national register's listing. */
export const IMPACT_ASSESSMENT_FLAGS = ['Ja', 'Nee', 'Onbekend'] as const;
export type ImpactAssessmentFlag = (typeof IMPACT_ASSESSMENT_FLAGS)[number];

/**
 * What the national register's listing says of an entry beside its record: its id there (the
 * entry's page is https://algoritmes.overheid.nl/nl/algoritme/{id}) and whether an impact
 * assessment was done; null where the listing gave no known value.
 */
export interface NationalListing {
  id: string;
  impactAssessment: ImpactAssessmentFlag | null;
}

@Entity({ name: 'algorithm_publications' })
@Check(oneOf('origin', ALGORITHM_ORIGINS))
@Check(oneOf('lifecycle', PUBLIC_STATES))
@Index('uq_algorithm_publications_number', ['algorithmId', 'number'], { unique: true })
@Index('idx_algorithm_publications_current', ['current', 'organisationId'])
export class Publication {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  algorithmId: number;

  @ManyToOne(() => Algorithm, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'algorithm_id' })
  algorithm: Relation<Algorithm>;

  @Column({ type: 'integer' })
  organisationId: number;

  /** 1, 2, 3, ... per algorithm. */
  @Column({ type: 'integer' })
  number: number;

  @Index('idx_algorithm_publications_published_at')
  @Column({ type: Date })
  publishedAt: Date;

  @Column({ type: 'varchar', length: 10 })
  origin: AlgorithmOrigin;

  @Column({ type: 'integer', nullable: true })
  assessmentId: number | null;

  @Column({ type: 'integer', nullable: true })
  revision: number | null;

  /** The entry in Publicatiestandaard v1.0 (English keys). */
  @Column({ type: 'simple-json' })
  record: StandardRecord;

  @Column({ type: 'simple-json', nullable: true })
  summary: AssessmentSummary | null;

  @Column({ type: 'boolean', default: true })
  current: boolean;

  @Index('idx_algorithm_publications_lifecycle')
  @Column({ type: 'varchar', length: 20, default: 'published' })
  lifecycle: PublicState;

  /** For an entry imported from the national register's listing: its id and flag there. */
  @Column({ type: 'simple-json', nullable: true })
  nationalListing: NationalListing | null;

  /** YYYY-MM-DD: when the published approval must be assessed again; null without one. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  reassessmentDue: string | null;
}
