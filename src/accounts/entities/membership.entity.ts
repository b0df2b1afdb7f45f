import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import type { Relation } from 'typeorm';
import { Organisation } from '../../organisations/entities/organisation.entity';
import { oneOf } from '../../database/one-of';
import { Role, ROLES } from '../role';
import { User } from './user.entity';

/** One role of one user in one organisation. */
@Entity({ name: 'memberships' })
@Check(oneOf('role', ROLES))
@Index('uq_memberships_user_org_role', ['userId', 'organisationId', 'role'], { unique: true })
export class Membership {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  userId: number;

  @ManyToOne(() => User, (u) => u.memberships, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user: Relation<User>;

  @Index('idx_memberships_organisation')
  @Column({ type: 'integer' })
  organisationId: number;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation: Relation<Organisation>;

  @Column({ type: 'varchar', length: 20 })
  role: Role;
}
