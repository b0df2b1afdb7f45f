import { createHash } from 'node:crypto';

/** The hash an empty chain starts from. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedFields {
  seq: number;
  occurredAt: Date;
  actorUserId: number | null;
  actorRole: string | null;
  organisationId: number | null;
  action: string;
  objectType: string;
  objectId: string | null;
  result: string;
  address: string | null;
  details: Record<string, unknown> | null;
  prevHash: string;
}

/** JSON with object keys sorted at every level, so the same event always gives the same bytes. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** SHA-256 over the event's fields and the previous event's hash. */
export function auditHash(fields: ChainedFields): string {
  const payload = canonicalJson({ ...fields, occurredAt: fields.occurredAt.toISOString() });
  return createHash('sha256').update(payload).digest('hex');
}
