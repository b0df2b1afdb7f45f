import type { INestApplicationContext } from '@nestjs/common';
import { formatVerifyResult } from '../audit/audit-verify';
import { BackupError } from './backup-error';
import { BackupService } from './backup.service';
import type { Manifest } from './manifest';

/** `npm run backup -- DIR`: a consistent copy while the server runs. */
export async function runBackupCommand(app: INestApplicationContext, args: string[]) {
  const [dir] = args.filter((arg) => !arg.startsWith('--'));
  if (!dir) return usage('npm run backup -- DIR');
  await reportingBackupError(async () => {
    const manifest = await app.get(BackupService).backup(dir);
    console.log(`Backup written to ${dir}: ${describe(manifest)}.`);
  });
}

/** `npm run restore -- DIR [--force]`: on a stopped instance; verifies the audit chain after. */
export async function runRestoreCommand(app: INestApplicationContext, args: string[]) {
  const [dir] = args.filter((arg) => !arg.startsWith('--'));
  if (!dir) return usage('npm run restore -- DIR [--force]');
  await reportingBackupError(async () => {
    const { manifest, verify } = await app
      .get(BackupService)
      .restore(dir, { force: args.includes('--force') });
    console.log(`Restored the backup of ${manifest.createdAt} from ${dir}: ${describe(manifest)}.`);
    const line = `Audit trail: ${formatVerifyResult(verify)}`;
    if (verify.ok) {
      console.log(line);
      return;
    }
    console.error(line);
    process.exitCode = 1;
  });
}

function describe(manifest: Manifest): string {
  const [database, ...documents] = manifest.files;
  const head = manifest.auditHead ? `up to event ${manifest.auditHead.seq}` : 'empty';
  return [
    `${manifest.database === 'sqlite' ? 'SQLite' : 'PostgreSQL'} database (${megabytes(database.bytes)})`,
    `uploaded documents: ${documents.length} (${megabytes(documents.reduce((sum, f) => sum + f.bytes, 0))})`,
    `${manifest.migrations.length} migrations`,
    `audit trail ${head}`,
  ].join(', ');
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** A refusal is one sentence and exit code 1; anything else keeps its stack for a bug report. */
async function reportingBackupError(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (err) {
    if (!(err instanceof BackupError)) throw err;
    console.error(`Waarborg: ${err.message}`);
    process.exitCode = 1;
  }
}

function usage(line: string): void {
  console.error(`Usage: ${line}`);
  process.exitCode = 2;
}
