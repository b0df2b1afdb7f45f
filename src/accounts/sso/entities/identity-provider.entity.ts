import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { Relation } from 'typeorm';
import { Organisation } from '../../../organisations/entities/organisation.entity';
import type { Role } from '../../role';

/**
 * An organisation's own sign-in (OpenID Connect): its provider, Waarborg's client there, and how
 * the ID token's claims become a Waarborg account with roles in this organisation only.
 */
@Entity({ name: 'identity_providers' })
@Index('uq_identity_providers_organisation', ['organisationId'], { unique: true })
export class IdentityProvider {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  organisationId: number;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation: Relation<Organisation>;

  /** The provider's issuer identifier; its discovery document lives under it. */
  @Column({ type: 'varchar', length: 500 })
  issuer: string;

  @Column({ type: 'varchar', length: 200 })
  clientId: string;

  @Column({ type: 'varchar', length: 500 })
  clientSecret: string;

  /** Asked for at sign-in, space-separated; `openid` among them. */
  @Column({ type: 'varchar', length: 200 })
  scopes: string;

  /** The ID token claim with the person's e-mail address. */
  @Column({ type: 'varchar', length: 100 })
  emailClaim: string;

  /**
   * The claim with the person's groups or roles, or null: then only people who already have an
   * account with a role in this organisation can sign in, with the roles given them here.
   */
  @Column({ type: 'varchar', length: 100, nullable: true })
  roleClaim: string | null;

  /** Claim value → Waarborg role in this organisation, as JSON; used with roleClaim. */
  @Column({ type: 'simple-json' })
  roleMap: Record<string, Role[]>;

  @UpdateDateColumn()
  updatedAt: Date;
}
