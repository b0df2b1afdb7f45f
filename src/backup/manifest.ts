import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, normalize, sep } from 'node:path';
import type { DatabaseKind } from '../config/app-config';
import { BackupError } from './backup-error';

export const MANIFEST_FILE = 'manifest.json';
export const BACKUP_FORMAT = 'waarborg-backup';
export const BACKUP_FORMAT_VERSION = 1;
/** The database's file in a backup, by kind. */
export const DATABASE_FILE: Record<DatabaseKind, string> = {
  sqlite: 'waarborg.sqlite',
  postgres: 'database.dump',
};
/** Uploaded documents: DATA_DIR/files/ on the instance, files/ in a backup. */
export const FILES_DIR = 'files';

export interface ManifestFile {
  /** Relative to the backup folder, with forward slashes. */
  path: string;
  bytes: number;
  sha256: string;
}

/** The state of the copied database, read from the copy itself (or from pg_dump's snapshot). */
export interface DatabaseState {
  /** Every migration that had run, oldest first. */
  migrations: string[];
  /** The newest audit event; null when the trail is empty. */
  auditHead: { seq: number; hash: string } | null;
}

/** What a backup holds and how to tell that it is whole; written last, so only a finished backup has one. */
export interface Manifest extends DatabaseState {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  createdAt: string;
  database: DatabaseKind;
  /** The Waarborg version that made it (package.json). */
  waarborgVersion: string;
  /** The database file first, then the uploaded documents. */
  files: ManifestFile[];
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The manifest of the backup in `dir`, checked for shape; refuses with a sentence otherwise. */
export function readManifest(dir: string): Manifest {
  const file = join(dir, MANIFEST_FILE);
  if (!existsSync(file))
    throw new BackupError(
      `${dir} has no ${MANIFEST_FILE}: it is not a Waarborg backup, or one that did not finish.`,
    );
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new BackupError(`${file} is not JSON: the backup is damaged.`);
  }
  const problem = manifestProblem(manifest);
  if (problem) throw new BackupError(`${file} is not a Waarborg backup manifest: ${problem}.`);
  return manifest as Manifest;
}

function manifestProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return 'it is not an object';
  const m = value as Partial<Record<keyof Manifest, unknown>>;
  if (m.format !== BACKUP_FORMAT) return `format is not "${BACKUP_FORMAT}"`;
  if (m.formatVersion !== BACKUP_FORMAT_VERSION)
    return `format version ${String(m.formatVersion)} is not ${BACKUP_FORMAT_VERSION}; restore it with the Waarborg version that made it`;
  if (m.database !== 'sqlite' && m.database !== 'postgres')
    return 'database is not sqlite or postgres';
  if (typeof m.createdAt !== 'string') return 'createdAt is missing';
  if (!Array.isArray(m.migrations) || !m.migrations.every((name) => typeof name === 'string'))
    return 'migrations is not a list of names';
  const head = m.auditHead as { seq?: unknown; hash?: unknown } | null | undefined;
  if (head !== null && (typeof head?.seq !== 'number' || typeof head.hash !== 'string'))
    return 'auditHead is not null or a sequence number with its hash';
  if (!Array.isArray(m.files)) return 'files is not a list';
  for (const f of m.files as Partial<ManifestFile>[]) {
    if (typeof f?.path !== 'string' || !isSafePath(f.path))
      return `file ${String(f?.path)} is not a path inside the backup`;
    if (
      typeof f.bytes !== 'number' ||
      typeof f.sha256 !== 'string' ||
      !/^[0-9a-f]{64}$/.test(f.sha256)
    )
      return `file ${f.path} has no size and SHA-256`;
  }
  const databaseFile = DATABASE_FILE[m.database];
  if ((m.files as ManifestFile[])[0]?.path !== databaseFile)
    return `the first file is not ${databaseFile}`;
  return null;
}

/** Only the database file and documents under files/: a manifest cannot point restore elsewhere. */
function isSafePath(path: string): boolean {
  if (isAbsolute(path) || path.includes('\\')) return false;
  const normal = normalize(path);
  if (normal !== path || normal.split(sep).includes('..')) return false;
  return Object.values(DATABASE_FILE).includes(path) || path.startsWith(`${FILES_DIR}/`);
}

/** Every file is there with its size and checksum; the first one that is not stops the restore. */
export async function checkFiles(dir: string, manifest: Manifest): Promise<void> {
  for (const file of manifest.files) {
    const path = join(dir, file.path);
    if (!existsSync(path)) throw new BackupError(`${path} is missing: the backup is incomplete.`);
    if ((await sha256File(path)) !== file.sha256)
      throw new BackupError(
        `${path} does not match its SHA-256 in ${MANIFEST_FILE}: the backup is damaged.`,
      );
  }
}
