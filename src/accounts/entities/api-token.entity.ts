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
import { User } from './user.entity';

/** A personal API token. Only its SHA-256 is stored; the token itself is shown once. */
@Entity({ name: 'api_tokens' })
@Index('uq_api_tokens_hash', ['tokenHash'], { unique: true })
export class ApiToken {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('idx_api_tokens_user')
  @Column({ type: 'integer' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user: Relation<User>;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  /** The first characters, so a user can tell their tokens apart. */
  @Column({ type: 'varchar', length: 12 })
  prefix: string;

  @Column({ type: Date })
  expiresAt: Date;

  @Column({ type: Date, nullable: true })
  revokedAt: Date | null;

  @Column({ type: Date, nullable: true })
  lastUsedAt: Date | null;

  @CreateDateColumn()
  createdAt: Date;
}
