import type { DataSource } from 'typeorm';
import { DatabaseSessionStore } from './session-store';

describe('DatabaseSessionStore.expiryOf', () => {
  const store = new DatabaseSessionStore({} as DataSource, {
    idleMs: 30 * 60_000,
    absoluteMs: 12 * 3_600_000,
  });
  const now = Date.UTC(2026, 10, 22, 12, 0, 0);

  it('ends a session after the idle time-out counted from the last request', () => {
    const expiry = store.expiryOf({ authenticatedAt: now - 60_000, lastSeenAt: now } as never, now);
    expect(expiry.getTime()).toBe(now + 30 * 60_000);
  });

  it('never lets activity keep a session past the absolute time-out', () => {
    const started = now - 12 * 3_600_000 + 5 * 60_000;
    const expiry = store.expiryOf({ authenticatedAt: started, lastSeenAt: now } as never, now);
    expect(expiry.getTime()).toBe(started + 12 * 3_600_000);
  });
});
