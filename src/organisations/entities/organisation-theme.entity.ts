import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Organisation } from './organisation.entity';

/**
 * An organisation's own look, set by its admin: the name beside its logo, the logo (an SVG that
 * was sanitised before it was stored) and three colours, each pair with enough contrast to read
 * (theme-rules.ts). Without a row the organisation wears Waarborg's default theme.
 */
@Entity({ name: 'organisation_themes' })
export class OrganisationTheme {
  @PrimaryColumn({ type: 'integer' })
  organisationId: number;

  @OneToOne(() => Organisation, (o) => o.theme, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation: Relation<Organisation>;

  /** Shown beside the logo and in page titles. */
  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** Header band and primary buttons. */
  @Column({ type: 'varchar', length: 7 })
  primaryColour: string;

  /** Text on the primary colour. */
  @Column({ type: 'varchar', length: 7 })
  primaryTextColour: string;

  /** Links, on the white page. */
  @Column({ type: 'varchar', length: 7 })
  linkColour: string;

  /** Read only where the logo is served: pages need no more than `hasLogo`. */
  @Column({ type: 'text', nullable: true, select: false })
  logoSvg: string | null;

  @Column({ type: 'boolean', default: false })
  hasLogo: boolean;

  /** Also the version in the stylesheet's and logo's addresses, so browsers may keep them. */
  @UpdateDateColumn()
  updatedAt: Date;
}
