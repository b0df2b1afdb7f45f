import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { RequestContext } from '../common/request-context';
import { RowInserter } from '../database/row-inserter';
import { q } from '../database/sql';
import { auditHash, GENESIS_HASH } from './audit-hash';
import { AuditEvent, AuditResult } from './entities/audit-event.entity';
import type { AuditHead } from './audit-trail.service';

/** What happened; who did it and from where come from the request context. */
export interface AuditInput {
  /** Dotted name of what happened, e.g. auth.login, user.disable, assessment.submit. */
  action: string;
  objectType: string;
  objectId?: string | number | null;
  result: AuditResult;
  /**
   * Only where the actor is not the context's user: a login, whose caller is not logged in yet,
   * records the account it is for (null: none).
   */
  actorUserId?: number | null;
  /** The role under which the actor acted, if the action needed one. */
  actorRole?: string | null;
  /** The organisation the object belongs to, so an organisation's admins can read its trail. */
  organisationId?: number | null;
  details?: Record<string, unknown> | null;
}

const EVENT_ROW = new RowInserter(AuditEvent, [
  'seq',
  'occurredAt',
  'actorUserId',
  'actorRole',
  'organisationId',
  'action',
  'objectType',
  'objectId',
  'result',
  'address',
  'details',
  'prevHash',
  'hash',
]);

/**
 * The newest event's number and hash, or the genesis hash before the first event: what the next
 * event chains onto, and what anyone may copy (`GET /api/v1/audit/head`). Plain SQL: a query
 * builder for this one row cost more than the rest of an event.
 */
export async function chainHead(db: DataSource | EntityManager): Promise<AuditHead> {
  const [last] = await q<AuditHead>(
    db,
    'SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1',
  );
  return last ? { seq: Number(last.seq), hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
}

// Any constant; it names the lock that serialises writers of the chain on PostgreSQL.
const AUDIT_LOCK_KEY = 7_320_421;

@Injectable()
export class AuditService {
  /**
   * Appends an event to the chain, with the context's user as actor and its address. Call it with
   * the EntityManager of the transaction that makes the change, so the change and its record
   * commit or fail together.
   */
  async record(
    manager: EntityManager,
    ctx: RequestContext,
    input: AuditInput,
  ): Promise<AuditEvent> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(
        'AuditService.record must run inside the transaction of the change it records',
      );
    }
    if (manager.connection.driver.options.type === 'postgres') {
      // Writers take turns, so two transactions never chain onto the same head.
      await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK_KEY]);
    }
    const head = await chainHead(manager);
    const fields = {
      seq: head.seq + 1,
      occurredAt: new Date(),
      actorUserId: input.actorUserId === undefined ? (ctx.user?.id ?? null) : input.actorUserId,
      actorRole: input.actorRole ?? null,
      organisationId: input.organisationId ?? null,
      action: input.action,
      objectType: input.objectType,
      objectId:
        input.objectId === undefined || input.objectId === null ? null : String(input.objectId),
      result: input.result,
      address: ctx.address,
      details: input.details ? asStored(input.details) : null,
      prevHash: head.hash,
    };
    const event = manager.create(AuditEvent, { ...fields, hash: auditHash(fields) });
    await EVENT_ROW.insert(manager, event);
    return event;
  }
}

/**
 * Details as they will read back from their JSON column (a Date becomes its ISO string, an
 * undefined in an array null), so the hash is over what is stored and verifies later.
 */
function asStored(details: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(details)) as Record<string, unknown>;
}
