import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Organisation } from './organisation.entity';

/**
 * The choices an organisation makes about its own register and process, set by its admin
 * (`/admin/organisations/:id/policies`). Without a row the defaults of `DEFAULT_POLICIES` apply.
 */
@Entity({ name: 'organisation_policies' })
export class OrganisationPolicy {
  @PrimaryColumn({ type: 'integer' })
  organisationId: number;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation: Relation<Organisation>;

  @Column({ type: 'integer', default: 10 })
  feedbackAnswerDays: number;

  @Column({ type: 'boolean', default: false })
  publishRejectedAdvice: boolean;

  @Column({ type: 'boolean', default: false })
  publishReviewerReasoning: boolean;

  @Column({ type: 'boolean', default: true })
  iamaForImpactful: boolean;

  @UpdateDateColumn()
  updatedAt: Date;
}
