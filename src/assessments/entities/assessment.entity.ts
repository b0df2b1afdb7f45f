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
import { Algorithm } from '../../algorithms/entities/algorithm.entity';
import { PUBLICATION_CATEGORIES } from '../../algorithms/publicatiestandaard';
import type { PublicationCategory } from '../../algorithms/publicatiestandaard';
import { RISK_CLASSES } from '../../checklists/engine';
import type { RiskClass } from '../../checklists/engine';
import { ChecklistTemplate } from '../../checklists/entities/checklist-template.entity';
import { DecisionTree } from '../../classification/entities/decision-tree.entity';
import { oneOf } from '../../database/one-of';
import { ASSESSMENT_STATES } from '../assessment-state';
import type { AssessmentState } from '../assessment-state';

/** One algorithm assessed against one template version; each resubmission raises the revision. */
@Entity({ name: 'assessments' })
@Check(oneOf('state', ASSESSMENT_STATES))
@Check(oneOf('risk_class', RISK_CLASSES))
@Check(oneOf('publication_category', PUBLICATION_CATEGORIES))
export class Assessment {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('idx_assessments_algorithm')
  @Column({ type: 'integer' })
  algorithmId: number;

  @ManyToOne(() => Algorithm, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'algorithm_id' })
  algorithm: Relation<Algorithm>;

  @Column({ type: 'integer' })
  templateId: number;

  @ManyToOne(() => ChecklistTemplate, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'template_id' })
  template: Relation<ChecklistTemplate>;

  /** The decision tree version the AI Act questions were answered under; null until they are. */
  @Column({ type: 'integer', nullable: true })
  decisionTreeId: number | null;

  @ManyToOne(() => DecisionTree, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'decision_tree_id' })
  decisionTree: Relation<DecisionTree> | null;

  @Index('idx_assessments_state')
  @Column({ type: 'varchar', length: 30, default: 'concept' })
  state: AssessmentState;

  @Column({ type: 'integer', default: 1 })
  revision: number;

  @Column({ type: 'integer', nullable: true })
  proposerId: number | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'proposer_id' })
  proposer: Relation<User> | null;

  // Consequences derived by the template's rules, kept for lists and the register.
  @Column({ type: 'varchar', length: 20, nullable: true })
  riskClass: RiskClass | null;

  @Column({ type: 'varchar', length: 1, nullable: true })
  publicationCategory: PublicationCategory | null;

  @Column({ type: 'integer', nullable: true })
  requiredApprovals: number | null;

  @Column({ type: Date, nullable: true })
  submittedAt: Date | null;

  @Column({ type: Date, nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'integer', nullable: true })
  decidedById: number | null;

  /** The commission's reasoning for its decision (or for asking changes), recorded by the secretary. */
  @Column({ type: 'text', nullable: true })
  decisionReasoning: string | null;

  /** How a decision against a reviewer's reject or request for changes answers them. */
  @Column({ type: 'text', nullable: true })
  dissentReasoning: string | null;

  /**
   * YYYY-MM-DD: the secretary's deadline for the reviewers of the current revision; once it has
   * passed the secretary may decide without every position.
   */
  @Column({ type: 'varchar', length: 10, nullable: true })
  reviewDeadline: string | null;

  @Column({ type: Date, nullable: true })
  publishedAt: Date | null;

  /** YYYY-MM-DD: the date by which the approval must be assessed again. */
  @Index('idx_assessments_reassessment_due')
  @Column({ type: 'varchar', length: 10, nullable: true })
  reassessmentDue: string | null;

  @VersionColumn()
  version: number;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
