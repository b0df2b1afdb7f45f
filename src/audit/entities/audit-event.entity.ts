import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { oneOf } from '../../database/one-of';

export const AUDIT_RESULTS = ['success', 'failure', 'refused'] as const;
export type AuditResult = (typeof AUDIT_RESULTS)[number];

/**
 * An append-only record of something that happened. Events are numbered without gaps and each
 * carries a SHA-256 over its own content and the previous event's hash, so that a changed or
 * removed event breaks the chain.
 */
@Entity({ name: 'audit_events' })
@Check(oneOf('result', AUDIT_RESULTS))
@Index('idx_audit_events_object', ['objectType', 'objectId'])
export class AuditEvent {
  @PrimaryColumn({ type: 'integer' })
  seq: number;

  @Index('idx_audit_events_occurred_at')
  @Column({ type: Date })
  occurredAt: Date;

  @Index('idx_audit_events_actor')
  @Column({ type: 'integer', nullable: true })
  actorUserId: number | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  actorRole: string | null;

  /** The organisation the object belongs to; null for events outside one (a failed login). */
  @Index('idx_audit_events_organisation')
  @Column({ type: 'integer', nullable: true })
  organisationId: number | null;

  @Index('idx_audit_events_action')
  @Column({ type: 'varchar', length: 60 })
  action: string;

  @Column({ type: 'varchar', length: 40 })
  objectType: string;

  @Column({ type: 'varchar', length: 40, nullable: true })
  objectId: string | null;

  @Column({ type: 'varchar', length: 10 })
  result: AuditResult;

  @Column({ type: 'varchar', length: 64, nullable: true })
  address: string | null;

  @Column({ type: 'simple-json', nullable: true })
  details: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 64 })
  prevHash: string;

  @Column({ type: 'varchar', length: 64 })
  hash: string;
}
