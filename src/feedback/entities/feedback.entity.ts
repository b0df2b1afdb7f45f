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
import { Algorithm } from '../../algorithms/entities/algorithm.entity';
import { Organisation } from '../../organisations/entities/organisation.entity';

/** A message from the public about a register entry, for the entry's organisation. */
@Entity({ name: 'feedback' })
export class Feedback {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('idx_feedback_algorithm')
  @Column({ type: 'integer' })
  algorithmId: number;

  @ManyToOne(() => Algorithm, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'algorithm_id' })
  algorithm: Relation<Algorithm>;

  @Index('idx_feedback_organisation')
  @Column({ type: 'integer' })
  organisationId: number;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation: Relation<Organisation>;

  @Column({ type: 'varchar', length: 100, nullable: true })
  name: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ type: 'text' })
  message: string;

  @CreateDateColumn()
  createdAt: Date;

  @Column({ type: Date, nullable: true })
  handledAt: Date | null;
}
