import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/common/project-root';

/** Entries left by earlier runs (made for other sources) are removed after a day. */
const STALE_MS = 24 * 3600_000;

/** node_modules/.cache/`name`: where the tests keep what they make once and reuse. */
export function testCacheDir(name: string): string {
  return join(PROJECT_ROOT, 'node_modules', '.cache', name);
}

/** Makes the folder, before a new entry is added to it, and removes its entries a day old. */
export function prepareTestCache(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const now = Date.now();
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (now - statSync(path).mtimeMs > STALE_MS) rmSync(path, { recursive: true, force: true });
  }
}
