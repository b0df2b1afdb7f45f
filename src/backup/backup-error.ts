/**
 * What stops a backup or a restore, as the one sentence the operator reads: which file, setting or
 * tool, and what to do. The command prints it without a stack and exits with 1.
 */
export class BackupError extends Error {
  override name = 'BackupError';
}
