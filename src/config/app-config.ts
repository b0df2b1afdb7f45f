import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EnvironmentVariables, NodeEnv, TrustProxy, validateEnvironment } from './env.validation';

export type DatabaseKind = 'sqlite' | 'postgres';

/** Settings after validation and defaults; what services read through ConfigService. */
export interface AppConfig {
  port: number;
  nodeEnv: NodeEnv;
  logLevel: EnvironmentVariables['LOG_LEVEL'];
  dataDir: string;
  database: DatabaseKind;
  databaseUrl?: string;
  sqlitePath: string;
  /**
   * Uploaded documents: every file a feature stores goes under DATA_DIR/files/, written once and
   * before the row that refers to it commits, so that a backup (which copies this folder after
   * the database) holds each document its database refers to.
   */
  filesDir: string;
  sessionSecret: string;
  trustProxy: TrustProxy;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  scheduler: {
    /** Whether this instance runs the daily jobs (each runs once a day whichever instance does). */
    enabled: boolean;
    /** HH:MM, Europe/Amsterdam. */
    dailyAt: string;
  };
  /** The largest evidence document for a condition (EVIDENCE_MAX_MB). */
  evidenceMaxBytes: number;
}

export const APP_CONFIG = 'app';

export function resolveAppConfig(raw: Record<string, unknown> = process.env): AppConfig {
  const env = validateEnvironment(raw);
  const dataDir = resolve(env.DATA_DIR);
  return {
    port: env.PORT,
    nodeEnv: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    dataDir,
    database: env.DATABASE_URL ? 'postgres' : 'sqlite',
    databaseUrl: env.DATABASE_URL,
    sqlitePath: join(dataDir, 'waarborg.sqlite'),
    filesDir: join(dataDir, 'files'),
    sessionSecret: env.SESSION_SECRET ?? loadOrCreateSecret(dataDir),
    trustProxy: env.TRUST_PROXY,
    sessionIdleMs: env.SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: env.SESSION_ABSOLUTE_HOURS * 3_600_000,
    scheduler: { enabled: env.SCHEDULER === 'on', dailyAt: env.SCHEDULER_DAILY_AT },
    evidenceMaxBytes: env.EVIDENCE_MAX_MB * 1024 * 1024,
  };
}

/**
 * A first start needs no settings: the session secret is generated once and kept in DATA_DIR,
 * readable by the owner only, so that sessions survive a restart.
 */
function loadOrCreateSecret(dataDir: string): string {
  const file = join(dataDir, 'session-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(48).toString('base64url');
    try {
      writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
      return secret;
    } catch {
      // Another process created it first; use theirs.
      return readFileSync(file, 'utf8').trim();
    }
  }
}
