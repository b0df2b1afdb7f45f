import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readManifest } from './manifest';

const SHA = 'a'.repeat(64);

describe('readManifest', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'waarborg-manifest-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function manifestWith(changes: Record<string, unknown>) {
    writeFileSync(
      join(dir, 'manifest.json'),
      JSON.stringify({
        format: 'waarborg-backup',
        formatVersion: 1,
        createdAt: '2026-11-30T12:00:00.000Z',
        database: 'sqlite',
        waarborgVersion: '0.1.0',
        migrations: ['InitialSchema1795364228690'],
        auditHead: { seq: 3, hash: SHA },
        files: [
          { path: 'waarborg.sqlite', bytes: 10, sha256: SHA },
          { path: 'files/2026/dpia.pdf', bytes: 5, sha256: SHA },
        ],
        ...changes,
      }),
    );
    return () => readManifest(dir);
  }

  it('reads a whole manifest', () => {
    expect(manifestWith({})().files).toHaveLength(2);
    expect(manifestWith({ auditHead: null })().auditHead).toBeNull();
  });

  it('refuses a file outside the backup or outside files/', () => {
    for (const path of [
      '../etc/passwd',
      '/etc/passwd',
      'files/../../x',
      'files/./a',
      'session-secret',
      'files\\a',
    ]) {
      const read = manifestWith({
        files: [
          { path: 'waarborg.sqlite', bytes: 1, sha256: SHA },
          { path, bytes: 1, sha256: SHA },
        ],
      });
      expect(read).toThrow(
        `is not a Waarborg backup manifest: file ${path} is not a path inside the backup.`,
      );
    }
  });

  it('refuses another format, a later format version or a database file that does not fit the kind', () => {
    expect(manifestWith({ format: 'tar' })).toThrow(/format is not "waarborg-backup"/);
    expect(manifestWith({ formatVersion: 2 })).toThrow(
      /format version 2 is not 1; restore it with the Waarborg version that made it/,
    );
    expect(manifestWith({ database: 'postgres' })).toThrow(/the first file is not database.dump/);
    expect(manifestWith({ migrations: 'all' })).toThrow(/migrations is not a list of names/);
    expect(manifestWith({ files: [{ path: 'waarborg.sqlite', bytes: 1, sha256: 'abc' }] })).toThrow(
      /file waarborg.sqlite has no size and SHA-256/,
    );
  });

  it('refuses what is not JSON', () => {
    writeFileSync(join(dir, 'manifest.json'), '{"format": ');
    expect(() => readManifest(dir)).toThrow(/manifest.json is not JSON: the backup is damaged\./);
  });
});
