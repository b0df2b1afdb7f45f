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
import { User } from '../../accounts/entities/user.entity';
import { Organisation } from '../../organisations/entities/organisation.entity';
import { oneOf } from '../../database/one-of';
import { OUTBOX_STATES, type OutboxState } from '../notification-kinds';

/**
 * One e-mail, written in the same transaction as the change it is about and sent after commit,
 * so that a change never goes without its message and a crash never loses one. One message per
 * event and address: the unique key makes a second notice of the same event a no-op.
 */
@Entity({ name: 'outbox_messages' })
@Check(oneOf('state', OUTBOX_STATES))
@Index('uq_outbox_messages_event', ['eventKey', 'toAddress'], { unique: true })
@Index('idx_outbox_messages_due', ['state', 'nextAttemptAt'])
export class OutboxMessage {
  @PrimaryGeneratedColumn()
  id: number;

  /** The user it is for; null for a resident who left an address. */
  @Column({ type: 'integer', nullable: true })
  recipientUserId: number | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'recipient_user_id' })
  recipientUser?: User | null;

  @Column({ type: 'varchar', length: 254 })
  toAddress: string;

  /** The organisation it concerns, so its admins see it in their outbox. */
  @Index('idx_outbox_messages_organisation')
  @Column({ type: 'integer', nullable: true })
  organisationId: number | null;

  @ManyToOne(() => Organisation, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation | null;

  @Column({ type: 'varchar', length: 40 })
  kind: string;

  /** What happened, once: e.g. `condition-due:12:2027-03-01`. */
  @Column({ type: 'varchar', length: 200 })
  eventKey: string;

  @Column({ type: 'varchar', length: 200 })
  subject: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'varchar', length: 10 })
  state: OutboxState;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: Date })
  nextAttemptAt: Date;

  /** While `sending`: until when the instance that took it holds it. */
  @Column({ type: Date, nullable: true })
  leaseUntil: Date | null;

  @Column({ type: Date, nullable: true })
  sentAt: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @CreateDateColumn()
  createdAt: Date;
}
