import {
  Check,
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
import type { Language } from '../../i18n/i18n';
import { Algorithm } from '../../algorithms/entities/algorithm.entity';
import { oneOf } from '../../database/one-of';
import { Organisation } from '../../organisations/entities/organisation.entity';

/** Where a message stands in the inbox; whether its answer is public is `publishedAt`. */
export const FEEDBACK_STATES = ['new', 'in_progress', 'answered'] as const;
export type FeedbackState = (typeof FEEDBACK_STATES)[number];

/** A message from the public about a register entry, for the entry's organisation. */
@Entity({ name: 'feedback' })
@Check(oneOf('state', FEEDBACK_STATES))
@Index('idx_feedback_organisation_state', ['organisationId', 'state'])
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

  /** Never shown publicly, not even with a published answer. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  name: string | null;

  /** Kept only until the answer is in the outbox (see docs/feedback.md). */
  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ type: 'text' })
  message: string;

  /** The resident agreed that the question and its answer may be shown on the entry. */
  @Column({ type: 'boolean', default: false })
  publishConsent: boolean;

  /** The language of the page the resident wrote from: their answer comes in it. */
  @Column({ type: 'varchar', length: 2, default: 'nl' })
  language: Language;

  @CreateDateColumn()
  createdAt: Date;

  @Column({ type: 'varchar', length: 12, default: 'new' })
  state: FeedbackState;

  /** When someone first took the message up (in progress or answered). */
  @Column({ type: Date, nullable: true })
  handledAt: Date | null;

  @Column({ type: 'text', nullable: true })
  answer: string | null;

  @Column({ type: Date, nullable: true })
  answeredAt: Date | null;

  @Column({ type: 'integer', nullable: true })
  answeredById: number | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'answered_by_id' })
  answeredBy?: Relation<User> | null;

  /** The answer was put in the outbox for the resident's address (which was then removed here). */
  @Column({ type: 'boolean', default: false })
  answerEmailed: boolean;

  /** When the question and answer were put on the public entry; null while they are not. */
  @Column({ type: Date, nullable: true })
  publishedAt: Date | null;
}
