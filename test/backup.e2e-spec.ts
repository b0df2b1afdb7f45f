import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { operatorContext } from '../src/common/request-context';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { Algorithm } from '../src/algorithms/entities/algorithm.entity';
import { newPublicId } from '../src/algorithms/public-id';
import { AuditService } from '../src/audit/audit.service';
import { BackupService } from '../src/backup/backup.service';
import { APP_CONFIG, AppConfig } from '../src/config/app-config';
import { dataSourceOptions } from '../src/database/data-source-options';
import type { Organisation } from '../src/organisations/entities/organisation.entity';
import { PublicationService } from '../src/publications/publication.service';
import { runCli } from './support/cli';
import { makeOrganisation } from './support/factories';
import { completeAlgorithm } from './support/register-factories';
import { startTestApp, TestApp } from './support/test-app';
import { createTestDatabase, TestDatabase } from './support/test-database';

/** A guard: the stream of writes stops with the backup long before this. */
const MAX_PUBLISHED_DURING = 5000;

/** The command line's settings for an instance: its data folder and, on PostgreSQL, its database. */
const cliEnv = (config: AppConfig) => ({
  DATA_DIR: config.dataDir,
  DATABASE_URL: config.databaseUrl ?? '',
});

async function open(config: AppConfig): Promise<DataSource> {
  return new DataSource(dataSourceOptions(config)).initialize();
}

/** Rows of a table in key order, every column as the database returns it. */
function rows(ds: DataSource, table: string, key: string): Promise<Record<string, unknown>[]> {
  return ds.query(`SELECT * FROM ${table} ORDER BY ${key}`);
}

/** BackupService on an instance's settings, as the command line builds it. */
function backupService(ds: DataSource, config: AppConfig): BackupService {
  return new BackupService(ds, {
    getOrThrow: (key: string) => (key === APP_CONFIG ? config : undefined),
  } as unknown as ConfigService);
}

describe('Backup and restore', () => {
  let source: TestApp;
  let org: Organisation;
  let backups: string;

  beforeAll(async () => {
    source = await startTestApp();
    org = await makeOrganisation(source.dataSource);
    backups = mkdtempSync(join(tmpdir(), 'waarborg-backups-'));
    const documents = join(source.config.filesDir, '2026', '11');
    mkdirSync(documents, { recursive: true });
    writeFileSync(join(documents, 'dpia.pdf'), Buffer.from('%PDF-1.7 een DPIA'));
    writeFileSync(join(source.config.filesDir, 'leesmij.txt'), 'Bijlagen van toetsingen.');
  });
  afterAll(async () => {
    await source.close();
    rmSync(backups, { recursive: true, force: true });
  });

  /** Publishes an entry and audits it in one transaction, as the workflow's publish step does. */
  async function publish(name: string): Promise<void> {
    const publications = source.app.get(PublicationService);
    const audit = source.app.get(AuditService);
    await source.dataSource.transaction(async (em) => {
      const algorithm = await em.save(
        em.create(Algorithm, {
          publicId: newPublicId(),
          organisationId: org.id,
          ...completeAlgorithm({ name }),
        }),
      );
      const publication = await publications.publish(em, { algorithm, origin: 'workflow' });
      await audit.record(em, operatorContext(), {
        action: 'algorithm.publish',
        objectType: 'algorithm',
        objectId: algorithm.id,
        organisationId: org.id,
        result: 'success',
        details: { publication: publication.id },
      });
    });
  }

  it('takes a backup while entries are being published and restores it into a new instance as it was', async () => {
    for (let i = 0; i < 5; i++) await publish(`Voor de back-up ${i}`);

    let publishing = true;
    let publishedDuring = 0;
    const writer = (async () => {
      while (publishing && publishedDuring < MAX_PUBLISHED_DURING) {
        await publish(`Tijdens de back-up ${publishedDuring++}`);
        // A steady stream rather than as fast as possible: it lasts through the backup's few
        // seconds without making a big database, and lets the event loop notice the backup's end
        // (better-sqlite3 answers synchronously).
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const dir = join(backups, 'under-load');
    const backup = await runCli(['backup', dir], cliEnv(source.config));
    publishing = false;
    await writer;
    expect(backup.stderr).toBe('');
    expect(backup).toMatchObject({ status: 0 });
    expect(backup.stdout).toMatch(/^Backup written to .*: .*, uploaded documents: 2 \(/);
    expect(publishedDuring).toBeGreaterThan(0);

    const target: TestDatabase = await createTestDatabase();
    try {
      const restore = await runCli(['restore', dir], cliEnv(target.config));
      expect(restore.stderr).toBe('');
      expect(restore.status).toBe(0);
      expect(restore.stdout).toMatch(/^Restored the backup of .*\nAudit trail: ok, \d+ events\n$/);
      const verify = await runCli(['audit:verify'], cliEnv(target.config));
      expect(verify).toMatchObject({ status: 0, stdout: expect.stringMatching(/^ok, \d+ events/) });

      const restored = await open(target.config);
      try {
        const copied = await expectPrefixOf(source.dataSource, restored);
        // Publishing went on after the moment the backup copied, which it did not wait for.
        expect(copied).toBeLessThan(5 + publishedDuring);
      } finally {
        await restored.destroy();
      }
      expect(readFileSync(join(target.config.filesDir, '2026', '11', 'dpia.pdf'), 'utf8')).toBe(
        '%PDF-1.7 een DPIA',
      );
      expect(readFileSync(join(target.config.filesDir, 'leesmij.txt'), 'utf8')).toBe(
        'Bijlagen van toetsingen.',
      );
    } finally {
      await target.dispose();
    }
  }, 120_000);

  /**
   * The restored database is the source as it was at one moment: every audit event, publication
   * and register row up to that moment, identical, and nothing of a publication half-copied.
   */
  async function expectPrefixOf(live: DataSource, restored: DataSource): Promise<number> {
    const events = await rows(restored, 'audit_events', 'seq');
    const liveEvents = await rows(live, 'audit_events', 'seq');
    expect(events.length).toBeGreaterThan(5);
    expect(events).toEqual(liveEvents.slice(0, events.length));

    const publications = await rows(restored, 'algorithm_publications', 'id');
    const lastId = Number(publications[publications.length - 1].id);
    const livePublications = await rows(live, 'algorithm_publications', 'id');
    expect(publications).toEqual(livePublications.filter((p) => Number(p.id) <= lastId));
    const published = events.filter((e) => e.action === 'algorithm.publish');
    expect(published).toHaveLength(publications.length);

    const ids = new Set(publications.map((p) => Number(p.algorithm_id)));
    for (const [table, key] of [
      ['algorithms', 'id'],
      ['register_entries', 'algorithm_id'],
      ['register_entry_themes', 'algorithm_id, theme'],
    ]) {
      const column = key.split(',')[0];
      const liveRows = (await rows(live, table, key)).filter((r) => ids.has(Number(r[column])));
      expect(await rows(restored, table, key)).toEqual(liveRows);
    }
    expect(await rows(restored, 'organisations', 'id')).toEqual(
      await rows(live, 'organisations', 'id'),
    );
    return publications.length;
  }

  describe('refuses', () => {
    let dir: string;
    let target: TestDatabase;
    let ds: DataSource;

    beforeAll(async () => {
      dir = join(backups, 'for-refusals');
      await backupService(source.dataSource, source.config).backup(dir);
    });
    beforeEach(async () => {
      target = await createTestDatabase();
      ds = await open(target.config);
    });
    afterEach(async () => {
      if (ds.isInitialized) await ds.destroy();
      await target.dispose();
    });

    /** A copy of the backup to spoil. */
    function copyOfBackup(name: string): string {
      const copy = join(backups, name);
      rmSync(copy, { recursive: true, force: true });
      cpSync(dir, copy, { recursive: true });
      return copy;
    }

    function editManifest(copy: string, edit: (manifest: Record<string, unknown>) => void) {
      const file = join(copy, 'manifest.json');
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      edit(manifest);
      writeFileSync(file, JSON.stringify(manifest));
    }

    const restore = (from: string, force = false) =>
      backupService(ds, target.config).restore(from, { force });

    it('a folder that is no backup, or one that did not finish', async () => {
      const empty = join(backups, 'empty');
      mkdirSync(empty, { recursive: true });
      await expect(restore(empty)).rejects.toThrow(
        `${empty} has no manifest.json: it is not a Waarborg backup, or one that did not finish.`,
      );
    });

    it('a damaged backup, naming the file', async () => {
      const copy = copyOfBackup('damaged');
      writeFileSync(join(copy, 'files', 'leesmij.txt'), 'Bijlagen van toetsingen!');
      await expect(restore(copy)).rejects.toThrow(
        `${join(copy, 'files', 'leesmij.txt')} does not match its SHA-256 in manifest.json: the backup is damaged.`,
      );
    });

    it('a backup of the other database kind', async () => {
      const copy = copyOfBackup('other-kind');
      const other = source.config.database === 'sqlite' ? 'postgres' : 'sqlite';
      editManifest(copy, (m) => {
        m.database = other;
        (m.files as { path: string }[])[0].path =
          other === 'sqlite' ? 'waarborg.sqlite' : 'database.dump';
      });
      await expect(restore(copy)).rejects.toThrow(
        /holds a (SQLite|PostgreSQL) backup, but this instance uses/,
      );
    });

    it('a backup from a newer Waarborg', async () => {
      const copy = copyOfBackup('newer');
      editManifest(copy, (m) => {
        m.waarborgVersion = '9.0.0';
        (m.migrations as string[]).push('Future1999999999999');
      });
      await expect(restore(copy)).rejects.toThrow(
        'The backup was made by a newer Waarborg (9.0.0): its migration Future1999999999999 is unknown to this one',
      );
    });

    it('to overwrite an instance that has data, unless forced', async () => {
      await ds.runMigrations();
      await expect(restore(dir)).rejects.toThrow(
        /already holds data, which a restore would replace: restore into an empty instance, or add --force/,
      );
      const { verify } = await restore(dir, true);
      expect(verify.ok).toBe(true);
    });

    (process.env.DATABASE_URL ? it : it.skip)(
      'to run without pg_dump and pg_restore, saying which tool to install',
      async () => {
        const path = process.env.PATH;
        process.env.PATH = '/nonexistent';
        try {
          await expect(
            backupService(source.dataSource, source.config).backup(join(backups, 'no-tools')),
          ).rejects.toThrow(
            "pg_dump was not found on PATH: install the PostgreSQL client tools of the server's major version or newer",
          );
          await expect(restore(dir)).rejects.toThrow(/^pg_restore was not found on PATH/);
        } finally {
          process.env.PATH = path;
        }
      },
    );

    it('to overwrite uploaded documents, unless forced, and then replaces them', async () => {
      mkdirSync(target.config.filesDir, { recursive: true });
      writeFileSync(join(target.config.filesDir, 'ouder.pdf'), 'van voor de restore');
      await expect(restore(dir)).rejects.toThrow(
        `${target.config.filesDir} already holds data, which a restore would replace`,
      );
      await restore(dir, true);
      expect(existsSync(join(target.config.filesDir, 'ouder.pdf'))).toBe(false);
      expect(existsSync(join(target.config.filesDir, 'leesmij.txt'))).toBe(true);
    });

    it('while an instance uses the database', async () => {
      const running = await open(target.config);
      try {
        await running.query('SELECT 1');
        await expect(restore(dir, true)).rejects.toThrow(/stop every instance first/);
      } finally {
        await running.destroy();
      }
    });
  });
});
