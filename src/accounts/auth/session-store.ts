import type { SessionStore } from '@fastify/session';
import type { Session as FastifySessionData } from 'fastify';
import { DataSource, LessThan, MoreThan } from 'typeorm';
import { Session } from '../entities/session.entity';

export interface SessionTimeouts {
  idleMs: number;
  absoluteMs: number;
}

type Callback = (err?: unknown) => void;
type GetCallback = (err: unknown, session?: FastifySessionData | null) => void;

// Expired rows are removed now and then, not on every write.
const PURGE_EVERY_MS = 10 * 60_000;

/**
 * How long an expired session's row stays. It signs nobody in (get() never returns it), but it
 * tells whose a form is that arrives after its session expired, so that what was typed can be
 * kept for them (src/drafts/).
 */
export const SESSION_KEPT_AFTER_EXPIRY_MS = 24 * 3_600_000;

/**
 * Keeps @fastify/session's sessions in the database, so every app instance sees the same
 * sessions and disabling a user can delete theirs. A row expires at the earlier of the idle and
 * the absolute time-out; an expired row is never returned.
 */
export class DatabaseSessionStore implements SessionStore {
  private lastPurge = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly timeouts: SessionTimeouts,
  ) {}

  expiryOf(session: FastifySessionData, now = Date.now()): Date {
    const lastSeen = session.lastSeenAt ?? now;
    const started = session.authenticatedAt ?? now;
    return new Date(Math.min(lastSeen + this.timeouts.idleMs, started + this.timeouts.absoluteMs));
  }

  set(sessionId: string, session: FastifySessionData, callback: Callback): void {
    const row = {
      id: sessionId,
      userId: session.userId ?? null,
      data: JSON.stringify(session),
      expiresAt: this.expiryOf(session),
    };
    this.dataSource
      .getRepository(Session)
      .upsert(row, ['id'])
      .then(() => this.purgeNowAndThen())
      .then(() => callback(), callback);
  }

  get(sessionId: string, callback: GetCallback): void {
    this.dataSource
      .getRepository(Session)
      .findOneBy({ id: sessionId, expiresAt: MoreThan(new Date()) })
      .then(
        (row) => callback(null, row ? (JSON.parse(row.data) as FastifySessionData) : null),
        callback,
      );
  }

  destroy(sessionId: string, callback: Callback): void {
    this.dataSource
      .getRepository(Session)
      .delete({ id: sessionId })
      .then(() => callback(), callback);
  }

  private async purgeNowAndThen(): Promise<void> {
    const now = Date.now();
    if (now - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = now;
    await this.dataSource
      .getRepository(Session)
      .delete({ expiresAt: LessThan(new Date(now - SESSION_KEPT_AFTER_EXPIRY_MS)) });
  }
}
