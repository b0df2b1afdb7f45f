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
import { User } from '../../entities/user.entity';

/**
 * A person at a provider (issuer and subject, which never change) bound to one Waarborg account
 * at their first sign-in, so a later change of e-mail address at the provider cannot move the
 * sign-in to someone else's account.
 */
@Entity({ name: 'external_identities' })
@Index('uq_external_identities_subject', ['issuer', 'subject'], { unique: true })
export class ExternalIdentity {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('idx_external_identities_user')
  @Column({ type: 'integer' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user: Relation<User>;

  @Column({ type: 'varchar', length: 500 })
  issuer: string;

  @Column({ type: 'varchar', length: 255 })
  subject: string;

  @CreateDateColumn()
  createdAt: Date;
}
