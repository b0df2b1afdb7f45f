import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ChecklistTemplateContent } from '../template.types';

/**
 * One installed version of a checklist framework. The content is the template file as loaded
 * (sections, questions, rules) and is never changed after installation, so that an assessment
 * pinned to this row always reads its questions as they were.
 */
@Entity({ name: 'checklist_templates' })
@Index('uq_checklist_templates_key_version', ['key', 'version'], { unique: true })
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

  /** The file it was installed from, for the admin's overview. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  sourceFile: string | null;

  /** SHA-256 of the content as installed, to show a file was not changed under the same version. */
  @Column({ type: 'varchar', length: 64 })
  checksum: string;

  /** New assessments use the active version of a framework. */
  @Column({ type: 'boolean', default: false })
  active: boolean;

  @CreateDateColumn()
  installedAt: Date;
}
