import { auditHash, GENESIS_HASH } from './audit-hash';
import {
  chainedFields,
  ChainHead,
  formatVerifyResult,
  linkProblem,
  unreadableProblem,
} from './audit-verify';
import { AuditEvent } from './entities/audit-event.entity';

/** A correctly chained event after `head`, built the way AuditService builds one. */
function nextEvent(head: ChainHead, overrides: Partial<AuditEvent> = {}): AuditEvent {
  const fields = {
    seq: (head?.seq ?? 0) + 1,
    occurredAt: new Date('2026-03-01T10:15:30.123Z'),
    actorUserId: 7,
    actorRole: 'admin',
    organisationId: 3,
    action: 'user.disable',
    objectType: 'user',
    objectId: '12',
    result: 'success' as const,
    address: '192.0.2.1',
    details: { reason: 'left', roles: ['admin'] },
    prevHash: head?.hash ?? GENESIS_HASH,
    ...overrides,
  };
  return Object.assign(new AuditEvent(), { ...fields, hash: auditHash(fields) });
}

function chain(length: number): AuditEvent[] {
  const events: AuditEvent[] = [];
  for (let i = 0; i < length; i++) events.push(nextEvent(events[i - 1] ?? null));
  return events;
}

describe('linkProblem', () => {
  it('accepts a chain built the way AuditService builds it', () => {
    const [first, second, third] = chain(3);
    expect(linkProblem(null, first)).toBeNull();
    expect(linkProblem(first, second)).toBeNull();
    expect(linkProblem(second, third)).toBeNull();
  });

  it('reports a missing first event', () => {
    const [, second] = chain(2);
    expect(linkProblem(null, second)).toEqual({
      brokenAt: 1,
      reason: 'Event 1 is missing; the next event found is 2.',
    });
  });

  it('reports a gap at the first missing sequence number', () => {
    const [first, , third] = chain(3);
    expect(linkProblem(first, third)?.brokenAt).toBe(2);
  });

  it('refuses a first event that does not start from the genesis hash', () => {
    const first = nextEvent(null, { prevHash: 'a'.repeat(64) });
    expect(linkProblem(null, first)).toEqual({
      brokenAt: 1,
      reason: 'The first event does not start from the genesis hash.',
    });
  });

  it('refuses an event whose previous hash is not the hash before it', () => {
    const [first] = chain(1);
    const second = nextEvent({ seq: 1, hash: 'b'.repeat(64) });
    expect(linkProblem(first, second)).toEqual({
      brokenAt: 2,
      reason: 'The previous hash does not match the hash of event 1.',
    });
  });

  it.each([
    ['objectId', { objectId: '13' }],
    ['result', { result: 'failure' as const }],
    ['organisationId', { organisationId: null }],
    ['occurredAt (one millisecond)', { occurredAt: new Date('2026-03-01T10:15:30.124Z') }],
    ['a nested detail', { details: { reason: 'left', roles: ['admin', 'reviewer'] } }],
  ])('notices a change in %s', (_what, change) => {
    const [first, second] = chain(2);
    expect(linkProblem(first, { ...second, ...change } as AuditEvent)).toEqual({
      brokenAt: 2,
      reason: 'The content does not match the stored hash.',
    });
  });

  it('does not care in which order the keys of the details come back', () => {
    const [first] = chain(1);
    const reordered = { ...first, details: { roles: ['admin'], reason: 'left' } } as AuditEvent;
    expect(linkProblem(null, reordered)).toBeNull();
  });

  it('reports an unreadable time instead of failing', () => {
    const [first] = chain(1);
    const broken = { ...first, occurredAt: new Date('not a date') } as AuditEvent;
    expect(linkProblem(null, broken)).toEqual({
      brokenAt: 1,
      reason: 'The time is not a valid date.',
    });
  });
});

describe('chainedFields', () => {
  it('takes every field of the event except its own hash', () => {
    const [first] = chain(1);
    expect(Object.keys(chainedFields(first)).sort()).toEqual(
      Object.keys(first)
        .filter((k) => k !== 'hash')
        .sort(),
    );
  });
});

describe('unreadableProblem', () => {
  it('names the unreadable event when it is the next one', () => {
    expect(unreadableProblem({ seq: 4, hash: 'c'.repeat(64) }, 5)).toEqual({
      brokenAt: 5,
      reason: 'The event cannot be read: its stored content is damaged.',
    });
  });

  it('reports a gap before the unreadable event first', () => {
    expect(unreadableProblem(null, 3).brokenAt).toBe(1);
  });
});

describe('formatVerifyResult', () => {
  it('prints the count when the chain holds', () => {
    expect(formatVerifyResult({ ok: true, count: 42 })).toBe('ok, 42 events');
  });

  it('prints where and why the chain breaks', () => {
    expect(
      formatVerifyResult({ ok: false, count: 6, brokenAt: 7, reason: 'Event 7 is missing.' }),
    ).toBe('broken at sequence 7: Event 7 is missing.');
  });
});
