import { DataSource, MoreThan } from 'typeorm';
import { auditHash, ChainedFields, GENESIS_HASH } from './audit-hash';
import { AuditEvent } from './entities/audit-event.entity';

export type VerifyResult =
  | { ok: true; count: number }
  /** count: the events before the break, which did verify. */
  | { ok: false; count: number; brokenAt: number; reason: string };

export interface ChainBreak {
  brokenAt: number;
  reason: string;
}

/** The last event that verified; null before the first. */
export type ChainHead = Pick<AuditEvent, 'seq' | 'hash'> | null;

export const VERIFY_BATCH_SIZE = 1000;

/** Why `event` cannot follow `head` in the chain, or null when it can. */
export function linkProblem(head: ChainHead, event: AuditEvent): ChainBreak | null {
  const missing = missingProblem(head, event.seq);
  if (missing) return missing;
  if (event.prevHash !== (head?.hash ?? GENESIS_HASH)) {
    return {
      brokenAt: event.seq,
      reason:
        head === null
          ? 'The first event does not start from the genesis hash.'
          : `The previous hash does not match the hash of event ${head.seq}.`,
    };
  }
  if (!(event.occurredAt instanceof Date) || Number.isNaN(event.occurredAt.getTime())) {
    return { brokenAt: event.seq, reason: 'The time is not a valid date.' };
  }
  if (auditHash(chainedFields(event)) !== event.hash) {
    return { brokenAt: event.seq, reason: 'The content does not match the stored hash.' };
  }
  return null;
}

/** Exactly the fields AuditService hashed, so that nothing else (a new column) changes the hash. */
export function chainedFields(event: AuditEvent): ChainedFields {
  return {
    seq: event.seq,
    occurredAt: event.occurredAt,
    actorUserId: event.actorUserId,
    actorRole: event.actorRole,
    organisationId: event.organisationId,
    action: event.action,
    objectType: event.objectType,
    objectId: event.objectId,
    result: event.result,
    address: event.address,
    details: event.details,
    prevHash: event.prevHash,
  };
}

/**
 * Reads the whole trail in sequence order, a batch at a time so memory stays flat however long it
 * is, and reports the first event that does not follow from the one before. A removed last event
 * leaves no gap; compare the head with one published earlier (GET /api/v1/audit/head) for that.
 */
export async function verifyAuditChain(
  dataSource: DataSource,
  batchSize = VERIFY_BATCH_SIZE,
): Promise<VerifyResult> {
  let head: ChainHead = null;
  let count = 0;
  for (;;) {
    const { events, unreadableSeq } = await readAfter(dataSource, head?.seq ?? 0, batchSize);
    for (const event of events) {
      const problem = linkProblem(head, event);
      if (problem) return { ok: false, count, ...problem };
      head = { seq: event.seq, hash: event.hash };
      count++;
    }
    if (unreadableSeq !== undefined) {
      return { ok: false, count, ...unreadableProblem(head, unreadableSeq) };
    }
    if (events.length < batchSize) return { ok: true, count };
  }
}

/** The break at an event that could not be loaded, unless an event is missing before it. */
export function unreadableProblem(head: ChainHead, seq: number): ChainBreak {
  return (
    missingProblem(head, seq) ?? {
      brokenAt: seq,
      reason: 'The event cannot be read: its stored content is damaged.',
    }
  );
}

function missingProblem(head: ChainHead, seq: number): ChainBreak | null {
  const expectedSeq = (head?.seq ?? 0) + 1;
  if (seq === expectedSeq) return null;
  return {
    brokenAt: expectedSeq,
    reason: `Event ${expectedSeq} is missing; the next event found is ${seq}.`,
  };
}

interface Batch {
  events: AuditEvent[];
  /** The first event of the batch that could not be loaded (its details no longer JSON). */
  unreadableSeq?: number;
}

async function readAfter(dataSource: DataSource, afterSeq: number, take: number): Promise<Batch> {
  const repository = dataSource.getRepository(AuditEvent);
  try {
    const events = await repository.find({
      where: { seq: MoreThan(afterSeq) },
      order: { seq: 'ASC' },
      take,
    });
    return { events };
  } catch (err) {
    return readOneByOne(dataSource, afterSeq, take, err);
  }
}

/** The batch again, event by event, to find the one that cannot be loaded. */
async function readOneByOne(
  dataSource: DataSource,
  afterSeq: number,
  take: number,
  err: unknown,
): Promise<Batch> {
  const repository = dataSource.getRepository(AuditEvent);
  const seqs = await repository
    .createQueryBuilder('e')
    .select('e.seq', 'seq')
    .where('e.seq > :afterSeq', { afterSeq })
    .orderBy('e.seq', 'ASC')
    .limit(take)
    .getRawMany<{ seq: number | string }>();
  const events: AuditEvent[] = [];
  for (const seq of seqs.map((row) => Number(row.seq))) {
    try {
      events.push(await repository.findOneByOrFail({ seq }));
    } catch {
      return { events, unreadableSeq: seq };
    }
  }
  // Every event loaded on its own, so the batch failed for another reason (the database).
  throw err;
}

/** The one line `audit:verify` prints. */
export function formatVerifyResult(result: VerifyResult): string {
  return result.ok
    ? `ok, ${result.count} events`
    : `broken at sequence ${result.brokenAt}: ${result.reason}`;
}
