import type { DatabaseState } from './manifest';

/** Runs one statement without parameters and returns its rows, on whichever connection. */
export type RunQuery = (sql: string) => Promise<unknown[]>;

/** The migrations that have run and the newest audit event: what a backup must bring back. */
export async function databaseState(query: RunQuery): Promise<DatabaseState> {
  const migrations = (await query('SELECT name FROM migrations ORDER BY id')) as { name: string }[];
  const [head] = (await query('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1')) as {
    seq: number | string;
    hash: string;
  }[];
  return {
    migrations: migrations.map((row) => row.name),
    auditHead: head ? { seq: Number(head.seq), hash: head.hash } : null,
  };
}
