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
import { Assessment } from '../../assessments/entities/assessment.entity';
import { ChecklistTemplate } from './checklist-template.entity';

/**
 * How a re-assessment's revision started under another template version than the one before:
 * from which version to which, and which questions it left open (new or changed since the last
 * assessment), so the section pages can show them beside the questions for as long as the
 * revision is worked on. Revisions that keep their version have none.
 */
@Entity({ name: 'revision_carry_overs' })
@Index('uq_revision_carry_overs_assessment_revision', ['assessmentId', 'revision'], {
  unique: true,
})
export class RevisionCarryOver {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  assessmentId: number;

  @ManyToOne(() => Assessment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'assessment_id' })
  assessment: Relation<Assessment>;

  /** The revision that started with the carried-over answers. */
  @Column({ type: 'integer' })
  revision: number;

  @Column({ type: 'integer' })
  fromTemplateId: number;

  @ManyToOne(() => ChecklistTemplate, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'from_template_id' })
  fromTemplate: Relation<ChecklistTemplate>;

  @Column({ type: 'integer' })
  toTemplateId: number;

  @ManyToOne(() => ChecklistTemplate, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'to_template_id' })
  toTemplate: Relation<ChecklistTemplate>;

  /** Question ids of the new version that are new or changed, in template order. */
  @Column({ type: 'simple-json' })
  openQuestionIds: string[];

  @CreateDateColumn()
  createdAt: Date;
}
