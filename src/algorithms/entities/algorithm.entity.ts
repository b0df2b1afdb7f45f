import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import type { ColumnOptions, Relation } from 'typeorm';
import { User } from '../../accounts/entities/user.entity';
import { Organisation } from '../../organisations/entities/organisation.entity';
import { oneOf } from '../../database/one-of';
import { ALGORITHM_STATUSES, PUBLICATION_CATEGORIES, standardField } from '../publicatiestandaard';
import type { AlgorithmStatus, FieldKind, PublicationCategory } from '../publicatiestandaard';

export const ALGORITHM_ORIGINS = ['workflow', 'import'] as const;
export type AlgorithmOrigin = (typeof ALGORITHM_ORIGINS)[number];

/** Columns whose size follows from the kind of value: YYYY-MM, a status, a category letter. */
const KIND_LENGTH: Partial<Record<FieldKind, number>> = { month: 7, status: 20, category: 1 };

/** Longer texts are `text`: a varchar up to here lets PostgreSQL hold the limit as well. */
const VARCHAR_MAX = 500;

/**
 * The column of a Publicatiestandaard field, from its definition: long enough for the longest
 * value any path stores (an import may take more than the workflow), and NOT NULL only for the
 * fields every algorithm has.
 */
function standardColumn(property: string): ColumnOptions {
  const field = standardField(property);
  const nullable = !field.alwaysSet;
  if (field.kind === 'themes') return { type: 'simple-json', nullable };
  const length = KIND_LENGTH[field.kind] ?? field.importMaxLength ?? field.maxLength!;
  return length > VARCHAR_MAX ? { type: 'text', nullable } : { type: 'varchar', length, nullable };
}

/**
 * A register entry: the public fields of Publicatiestandaard v1.0 (see publicatiestandaard.ts for
 * their limits) plus what Waarborg needs to run the workflow and the public register.
 */
@Entity({ name: 'algorithms' })
@Check(oneOf('origin', ALGORITHM_ORIGINS))
@Check(oneOf('status', ALGORITHM_STATUSES))
@Check(oneOf('publication_category', PUBLICATION_CATEGORIES))
@Index('idx_algorithms_register', ['publishedAt', 'organisationId'])
@Index('uq_algorithms_public_id', ['publicId'], { unique: true })
@Index('uq_algorithms_org_source', ['organisationId', 'sourceId'], { unique: true })
export class Algorithm {
  @PrimaryGeneratedColumn()
  id: number;

  /** Stable id in public URLs and exports; never reused, never changed. */
  @Column({ type: 'varchar', length: 16 })
  publicId: string;

  @Column({ type: 'integer' })
  organisationId: number;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation: Relation<Organisation>;

  @Column({ type: 'varchar', length: 10, default: 'workflow' })
  origin: AlgorithmOrigin;

  @Column({ type: 'integer', nullable: true })
  createdById: number | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'created_by_id' })
  createdBy: Relation<User> | null;

  // General information
  @Index('idx_algorithms_name')
  @Column(standardColumn('name'))
  name: string;

  @Column(standardColumn('descriptionShort'))
  descriptionShort: string;

  @Column(standardColumn('themes'))
  themes: string[];

  @Index('idx_algorithms_status')
  @Column(standardColumn('status'))
  status: AlgorithmStatus;

  @Column(standardColumn('startDate'))
  startDate: string | null;

  @Column(standardColumn('endDate'))
  endDate: string | null;

  @Column(standardColumn('contact'))
  contact: string | null;

  @Column(standardColumn('link'))
  link: string | null;

  @Index('idx_algorithms_publication_category')
  @Column(standardColumn('publicationCategory'))
  publicationCategory: PublicationCategory | null;

  @Column(standardColumn('sourceLink'))
  sourceLink: string | null;

  // Responsible use
  @Column(standardColumn('purposeAndImpact'))
  purposeAndImpact: string | null;

  @Column(standardColumn('considerations'))
  considerations: string | null;

  @Column(standardColumn('humanIntervention'))
  humanIntervention: string | null;

  @Column(standardColumn('riskManagement'))
  riskManagement: string | null;

  @Column(standardColumn('legalBasis'))
  legalBasis: string | null;

  @Column(standardColumn('legalBasisLink'))
  legalBasisLink: string | null;

  @Column(standardColumn('legalBasisTitle'))
  legalBasisTitle: string | null;

  @Column(standardColumn('processingRegisterLink'))
  processingRegisterLink: string | null;

  @Column(standardColumn('impactAssessments'))
  impactAssessments: string | null;

  @Column(standardColumn('impactAssessmentLink'))
  impactAssessmentLink: string | null;

  @Column(standardColumn('impactAssessmentExplanation'))
  impactAssessmentExplanation: string | null;

  // Operation
  @Column(standardColumn('data'))
  data: string | null;

  @Column(standardColumn('dataSourceLink'))
  dataSourceLink: string | null;

  @Column(standardColumn('dataSourceTitle'))
  dataSourceTitle: string | null;

  @Column(standardColumn('technicalOperation'))
  technicalOperation: string | null;

  @Column(standardColumn('supplier'))
  supplier: string | null;

  @Column(standardColumn('sourceCodeLink'))
  sourceCodeLink: string | null;

  // Metadata
  /** The owner's own id for the entry; for imports, the id in the source file. */
  @Column(standardColumn('sourceId'))
  sourceId: string | null;

  @Column(standardColumn('searchTerms'))
  searchTerms: string | null;

  /** Null while the entry is not public. */
  @Column({ type: Date, nullable: true })
  publishedAt: Date | null;

  @VersionColumn()
  version: number;

  @CreateDateColumn()
  createdAt: Date;

  @Index('idx_algorithms_updated_at')
  @UpdateDateColumn()
  updatedAt: Date;
}
