import { copyFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { BackupError } from './backup-error';
import { FILES_DIR, ManifestFile, sha256File } from './manifest';

/** Every regular file under `root`, as paths relative to it with forward slashes, sorted. */
async function listFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) found.push(relative(root, path).split(sep).join('/'));
      else
        throw new BackupError(
          `${path} is neither a file nor a folder; DATA_DIR/${FILES_DIR} holds only uploaded documents.`,
        );
    }
  };
  await walk(root);
  return found.sort();
}

/**
 * Copies the uploaded documents (`filesDir`, absent until a feature stores one) into the backup's
 * files/ folder and describes each copy. Documents are written once and never changed in place,
 * and a document is written before the row that refers to it commits, so copying them after the
 * database leaves none out that the copied database refers to.
 */
export async function backupFiles(filesDir: string, backupDir: string): Promise<ManifestFile[]> {
  if (!existsSync(filesDir)) return [];
  const described: ManifestFile[] = [];
  for (const path of await listFiles(filesDir)) {
    const target = join(backupDir, FILES_DIR, path);
    await mkdir(dirname(target), { recursive: true });
    await copyFile(join(filesDir, path), target);
    described.push({
      path: `${FILES_DIR}/${path}`,
      bytes: (await stat(target)).size,
      sha256: await sha256File(target),
    });
  }
  return described;
}

/** Whether the instance already has uploaded documents. */
export async function hasFiles(filesDir: string): Promise<boolean> {
  return existsSync(filesDir) && (await listFiles(filesDir)).length > 0;
}

/**
 * Puts the backup's documents in place of `filesDir`: copied beside it first, then swapped in, so
 * a restore that stops halfway leaves the old folder whole.
 */
export async function restoreFiles(
  backupDir: string,
  files: ManifestFile[],
  filesDir: string,
): Promise<void> {
  const incoming = `${filesDir}.restoring`;
  const outgoing = `${filesDir}.replaced`;
  await rm(incoming, { recursive: true, force: true });
  await mkdir(incoming, { recursive: true });
  for (const file of files) {
    const target = join(incoming, file.path.slice(FILES_DIR.length + 1));
    await mkdir(dirname(target), { recursive: true });
    await copyFile(join(backupDir, file.path), target);
  }
  await rm(outgoing, { recursive: true, force: true });
  if (existsSync(filesDir)) await rename(filesDir, outgoing);
  await rename(incoming, filesDir);
  await rm(outgoing, { recursive: true, force: true });
}
