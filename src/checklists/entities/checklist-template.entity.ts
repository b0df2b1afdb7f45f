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
import { Organisation } from '../../organisations/entities/organisation.entity';
import type { ChecklistTemplateContent } from '../template.types';

/**
 * One installed version of a checklist framework. The content is the template file as loaded
 * (sections, questions, rules) and is never changed after installation, so that an assessment
 * pinned to this row always reads its questions as they were.
 *
 * A version is either shared (no organisation: offered by the instance's operator for any
 * organisation to adopt) or an organisation's own (installed by its admin, seen and adopted by
 * that organisation only). Key and version are unique among the shared versions and within each
 * organisation's own, so no organisation can take a name another one, or the operator, needs.
 */
@Entity({ name: 'checklist_templates' })
@Index('uq_checklist_templates_shared_key_version', ['key', 'version'], {
  unique: true,
  where: 'organisation_id IS NULL',
})
@Index('uq_checklist_templates_owned_key_version', ['organisationId', 'key', 'version'], {
  unique: true,
})
export class ChecklistTemplate {
  @PrimaryGeneratedColumn()
  id: number;

  /** Framework name, e.g. groningen-rotterdam. */
  @Column({ type: 'varchar', length: 60 })
  key: string;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'simple-json' })
  content: ChecklistTemplateContent;

  /** Null for a shared version; otherwise the organisation whose own version this is. */
  @Column({ type: 'integer', nullable: true })
  organisationId: number | null;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'organisation_id' })
  organisation: Relation<Organisation> | null;

  /** The file it was installed from, for the admin's overview. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  sourceFile: string | null;

  /** SHA-256 of the content as installed, to show a file was not changed under the same version. */
  @Column({ type: 'varchar', length: 64 })
  checksum: string;

  @CreateDateColumn()
  installedAt: Date;
}
