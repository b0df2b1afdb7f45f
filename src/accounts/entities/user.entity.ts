import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Membership } from './membership.entity';

@Entity({ name: 'users' })
@Index('uq_users_email', ['email'], { unique: true })
export class User {
  @PrimaryGeneratedColumn()
  id: number;

  /** Stored lower-case; the login compares lower-case. */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'boolean', default: false })
  disabled: boolean;

  @Column({ type: 'boolean', default: false })
  mustChangePassword: boolean;

  /**
   * The instance's operator: above the organisations, holding no role in them by this flag (shared
   * templates, imports for any organisation, the whole audit trail). Granted and revoked only at
   * the command line (`npm run operator:grant`), never through a page.
   */
  @Column({ type: 'boolean', default: false })
  isOperator: boolean;

  @OneToMany(() => Membership, (m) => m.user)
  memberships: Membership[];

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
