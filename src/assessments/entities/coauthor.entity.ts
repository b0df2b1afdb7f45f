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
import { Assessment } from './assessment.entity';

/**
 * A colleague the proposer recorded as co-author of an assessment: a party to it, like the
 * proposer, who may write it but not assign its reviewers, review it, decide on it or publish it.
 * Never removed, so that nobody can leave the proposal to review it.
 */
@Entity({ name: 'assessment_coauthors' })
@Index('uq_assessment_coauthors_assessment_user', ['assessmentId', 'userId'], { unique: true })
export class Coauthor {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  assessmentId: number;

  @ManyToOne(() => Assessment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'assessment_id' })
  assessment: Relation<Assessment>;

  @Index('idx_assessment_coauthors_user')
  @Column({ type: 'integer' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id' })
  user: Relation<User>;

  @Column({ type: 'integer', nullable: true })
  addedById: number | null;

  @CreateDateColumn()
  addedAt: Date;
}
