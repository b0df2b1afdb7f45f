import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { User } from '../../accounts/entities/user.entity';
import { Organisation } from '../../organisations/entities/organisation.entity';
import { ChecklistTemplate } from './checklist-template.entity';

/**
 * The template version an organisation has adopted: its new proposals and re-assessments use
 * it. One row per organisation, so an organisation has exactly one current version (or none yet);
 * earlier adoptions are in the audit trail (`checklist.adopt`).
 */
@Entity({ name: 'checklist_adoptions' })
export class ChecklistAdoption {
  @PrimaryColumn({ type: 'integer' })
  organisationId: number;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation: Relation<Organisation>;

  @Index('idx_checklist_adoptions_template')
  @Column({ type: 'integer' })
  templateId: number;

  /** A version some organisation uses stays installed. */
  @ManyToOne(() => ChecklistTemplate, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'template_id' })
  template: Relation<ChecklistTemplate>;

  @Column({ type: Date })
  adoptedAt: Date;

  /** Null when the operator adopted it at the command line, or the migration carried it over. */
  @Column({ type: 'integer', nullable: true })
  adoptedById: number | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'adopted_by_id' })
  adoptedBy: Relation<User> | null;
}
