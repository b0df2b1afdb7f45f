import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';
import type { Relation } from 'typeorm';
import { User } from './user.entity';

/**
 * A server-side login session, shared by every app instance on the same database. The cookie holds
 * only the signed id; `expiresAt` is the earlier of the idle and the absolute time-out.
 */
@Entity({ name: 'sessions' })
export class Session {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  /** Set once logged in; disabling the user deletes these rows. */
  @Index('idx_sessions_user')
  @Column({ type: 'integer', nullable: true })
  userId: number | null;

  @ManyToOne(() => User, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'user_id' })
  user: Relation<User> | null;

  @Column({ type: 'text' })
  data: string;

  @Index('idx_sessions_expires_at')
  @Column({ type: Date })
  expiresAt: Date;

  @CreateDateColumn()
  createdAt: Date;
}
