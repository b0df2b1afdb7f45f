import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  OneToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import type { Relation } from 'typeorm';
import { OrganisationTheme } from './organisation-theme.entity';
import { oneOf } from '../../database/one-of';

export const ORGANISATION_TYPES = [
  'gemeente',
  'provincie',
  'waterschap',
  'rijk',
  'overig',
] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

@Entity({ name: 'organisations' })
@Check(oneOf('type', ORGANISATION_TYPES))
@Index('uq_organisations_name', ['name'], { unique: true })
@Index('uq_organisations_slug', ['slug'], { unique: true })
export class Organisation {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** URL part of the organisation's register page. */
  @Column({ type: 'varchar', length: 100 })
  slug: string;

  @Column({ type: 'varchar', length: 20 })
  type: OrganisationType;

  /** Identifier in the government's TOOI list, e.g. gm0014 for Groningen. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  tooiCode: string | null;

  @CreateDateColumn()
  createdAt: Date;

  /** Its own look, if its admin set one. */
  @OneToOne(() => OrganisationTheme, (t) => t.organisation)
  theme?: Relation<OrganisationTheme> | null;
}
