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
import { User } from '../../accounts/entities/user.entity';
import type { DecisionTreeContent } from '../decision-tree.types';

/**
 * One installed version of a decision tree. The content is the file as read (questions, answers,
 * labels, conclusions) and never changes after installation, so that an assessment pinned to this
 * row (assessments.decision_tree_id) always replays its answers against the tree they were given
 * under. One row is active: the tree new classifications and the evaluation API use by default.
 */
@Entity({ name: 'decision_trees' })
@Index('uq_decision_trees_key_version', ['key', 'version'], { unique: true })
export class DecisionTree {
  @PrimaryGeneratedColumn()
  id: number;

  /** The tree's name as a slug, e.g. beslishulp-ai-verordening. */
  @Column({ type: 'varchar', length: 60 })
  key: string;

  /** MAJOR.MINOR.PATCH as the file gives it. */
  @Column({ type: 'varchar', length: 20 })
  version: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'simple-json' })
  content: DecisionTreeContent;

  /** SHA-256 of the content as installed, to show a file was not changed under the same version. */
  @Column({ type: 'varchar', length: 64 })
  checksum: string;

  @Column({ type: 'boolean', default: false })
  active: boolean;

  /** The file it was installed from, for the admin's overview. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  sourceFile: string | null;

  @CreateDateColumn()
  installedAt: Date;

  /** Null when the operator installed it (command line, seeds). */
  @Column({ type: 'integer', nullable: true })
  installedById: number | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'installed_by_id' })
  installedBy: Relation<User> | null;
}
