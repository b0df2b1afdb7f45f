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
import type { Relation } from 'typeorm';
import { User } from '../../accounts/entities/user.entity';
import { Organisation } from '../../organisations/entities/organisation.entity';
import { oneOf } from '../../database/one-of';
import { ALGORITHM_STATUSES, PUBLICATION_CATEGORIES } from '../publicatiestandaard';
import type { AlgorithmStatus, PublicationCategory } from '../publicatiestandaard';

export const ALGORITHM_ORIGINS = ['workflow', 'import'] as const;
export type AlgorithmOrigin = (typeof ALGORITHM_ORIGINS)[number];

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
  // 100, the national input form's limit: imported titles may be one over the schema's 99, which
  // the workflow keeps (register-fields.dto.ts) and the exports mark as invalid_fields.
  @Index('idx_algorithms_name')
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 399 })
  descriptionShort: string;

  @Column({ type: 'simple-json' })
  themes: string[];

  @Index('idx_algorithms_status')
  @Column({ type: 'varchar', length: 20 })
  status: AlgorithmStatus;

  @Column({ type: 'varchar', length: 7, nullable: true })
  startDate: string | null;

  @Column({ type: 'varchar', length: 7, nullable: true })
  endDate: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  contact: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  link: string | null;

  @Index('idx_algorithms_publication_category')
  @Column({ type: 'varchar', length: 1, nullable: true })
  publicationCategory: PublicationCategory | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  sourceLink: string | null;

  // Responsible use
  @Column({ type: 'text', nullable: true })
  purposeAndImpact: string | null;

  @Column({ type: 'text', nullable: true })
  considerations: string | null;

  @Column({ type: 'text', nullable: true })
  humanIntervention: string | null;

  @Column({ type: 'text', nullable: true })
  riskManagement: string | null;

  @Column({ type: 'text', nullable: true })
  legalBasis: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  legalBasisLink: string | null;

  @Column({ type: 'varchar', length: 99, nullable: true })
  legalBasisTitle: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  processingRegisterLink: string | null;

  @Column({ type: 'text', nullable: true })
  impactAssessments: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  impactAssessmentLink: string | null;

  @Column({ type: 'text', nullable: true })
  impactAssessmentExplanation: string | null;

  // Operation
  @Column({ type: 'text', nullable: true })
  data: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  dataSourceLink: string | null;

  @Column({ type: 'varchar', length: 499, nullable: true })
  dataSourceTitle: string | null;

  @Column({ type: 'text', nullable: true })
  technicalOperation: string | null;

  @Column({ type: 'varchar', length: 199, nullable: true })
  supplier: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  sourceCodeLink: string | null;

  // Metadata
  /** The owner's own id for the entry; for imports, the id in the source file. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  sourceId: string | null;

  @Column({ type: 'text', nullable: true })
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
