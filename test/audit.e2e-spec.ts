import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../src/accounts/auth/auth-user';
import { User } from '../src/accounts/entities/user.entity';
import { Role } from '../src/accounts/role';
import { GENESIS_HASH } from '../src/audit/audit-hash';
import { AuditTrailService, AUDIT_PAGE_SIZE } from '../src/audit/audit-trail.service';
import { verifyAuditChain } from '../src/audit/audit-verify';
import { AuditInput, AuditService } from '../src/audit/audit.service';
import { AuditEvent } from '../src/audit/entities/audit-event.entity';
import { operatorContext } from '../src/common/request-context';
import type { UserContext } from '../src/common/request-context';
import { resolveAppConfig } from '../src/config/app-config';
import { dataSourceOptions } from '../src/database/data-source-options';
import { AuditAppendOnly1795364300000 } from '../src/database/migrations/1795364300000-AuditAppendOnly';
import { Browser } from './support/browser';
import { runCli } from './support/cli';
import { makeOrganisation, makeUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';
import { createTestDatabase, TestDatabase } from './support/test-database';

const MARKER = 'tamper-me-123';
// The marker with its first byte flipped (t = 0x74, u = 0x75): one changed byte, still valid JSON.
const TAMPERED = 'uamper-me-123';
const APPEND_ONLY = /append-only/;

/** A person reading the trail, as their request's context. */
function viewer(id: number, memberships: [number, Role][], operator = false): UserContext {
  return { ...operatorContext(), user: viewerUser(id, memberships, operator) };
}

function viewerUser(id: number, memberships: [number, Role][], operator: boolean): AuthUser {
  return {
    id,
    email: `viewer${id}@example.org`,
    name: `Viewer ${id}`,
    mustChangePassword: false,
    operator,
    via: 'session',
    memberships: memberships.map(([organisationId, role]) => ({
      organisationId,
      organisationName: `Gemeente ${organisationId}`,
      role,
    })),
  };
}

function utcDay(offsetDays = 0): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/** `audit:verify` as an operator runs it. */
const runVerifyCli = (env: Record<string, string>) => runCli(['audit:verify'], env);

describe('Audit trail on the real database', () => {
  let t: TestApp;
  let ds: DataSource;
  let trail: AuditTrailService;
  let alice: User;
  let bob: User;
  let marked: AuditEvent;
  let last: AuditEvent;
  const temporaryDirs: string[] = [];

  /** Events written for the test, as the operator or, with an address, as a request from there. */
  const record = (input: AuditInput, address: string | null = null) =>
    ds.transaction((em) =>
      t.app.get(AuditService).record(em, { ...operatorContext(), address }, input),
    );

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.dataSource;
    trail = t.app.get(AuditTrailService);
    [alice, bob] = await ds.getRepository(User).save([
      { email: 'alice@example.org', name: 'Alice Admin', passwordHash: 'x' },
      { email: 'bob@example.org', name: 'Bob Beheer', passwordHash: 'x' },
    ]);
    await record({
      action: 'auth.login',
      objectType: 'session',
      result: 'success',
      actorUserId: alice.id,
      organisationId: 1,
    });
    await record({
      action: 'user.disable',
      objectType: 'user',
      objectId: 12,
      result: 'success',
      actorUserId: bob.id,
      actorRole: Role.Admin,
      organisationId: 2,
    });
    await record(
      {
        action: 'auth.login',
        objectType: 'session',
        result: 'failure',
      },
      '192.0.2.7',
    );
    await record({
      action: 'authx.other',
      objectType: 'session',
      result: 'success',
      organisationId: 1,
    });
    marked = await record({
      action: 'assessment.submit',
      objectType: 'assessment',
      objectId: 'a-1',
      result: 'refused',
      actorUserId: alice.id,
      actorRole: Role.Proposer,
      organisationId: 1,
      // A Date and an undefined in an array read back differently from JSON; they must still verify.
      details: { note: MARKER, at: new Date(), list: [1, undefined, 'x'], nested: { b: 2, a: 1 } },
    });
    last = await record({
      action: 'user.create',
      objectType: 'user',
      result: 'success',
      organisationId: 2,
    });
  });
  afterAll(async () => {
    for (const dir of temporaryDirs) rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  const isSqlite = () => t.config.database === 'sqlite';

  it('verifies the events recorded through AuditService as one unbroken chain', async () => {
    expect(await verifyAuditChain(ds)).toEqual({ ok: true, count: last.seq });
    // Batches smaller than the trail: the chain must carry over from one batch to the next.
    expect(await verifyAuditChain(ds, 2)).toEqual({ ok: true, count: last.seq });
  });

  it('has the database refuse to change an event', async () => {
    await expect(
      ds.query(`UPDATE audit_events SET address = '198.51.100.1' WHERE seq = ${marked.seq}`),
    ).rejects.toThrow(APPEND_ONLY);
    await expect(
      ds.getRepository(AuditEvent).update({ seq: marked.seq }, { result: 'success' }),
    ).rejects.toThrow(APPEND_ONLY);
    expect(await ds.getRepository(AuditEvent).findOneByOrFail({ seq: marked.seq })).toMatchObject({
      address: null,
      result: 'refused',
    });
  });

  it('has the database refuse to remove an event', async () => {
    await expect(ds.query(`DELETE FROM audit_events WHERE seq = ${marked.seq}`)).rejects.toThrow(
      APPEND_ONLY,
    );
    await expect(ds.query('DELETE FROM audit_events')).rejects.toThrow(APPEND_ONLY);
    expect(await ds.getRepository(AuditEvent).count()).toBe(last.seq);
  });

  it('has PostgreSQL refuse to empty the table with TRUNCATE', async () => {
    if (isSqlite()) return; // SQLite has no TRUNCATE; DELETE without WHERE is refused above.
    await expect(ds.query('TRUNCATE audit_events')).rejects.toThrow(APPEND_ONLY);
    expect(await ds.getRepository(AuditEvent).count()).toBe(last.seq);
  });

  it('publishes the newest sequence number and hash at /api/v1/audit/head', async () => {
    const res = await request(t.app.getHttpServer()).get('/api/v1/audit/head').expect(200);
    expect(res.body).toEqual({ seq: last.seq, hash: last.hash });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  describe('verify detects one changed byte', () => {
    /** A copy of the SQLite file, with the marker's first byte flipped if asked. */
    async function copyDatabase(tamper: boolean): Promise<string> {
      // Move everything out of the write-ahead log, so the main file alone holds every event.
      await ds.query('PRAGMA wal_checkpoint(TRUNCATE)');
      const dir = mkdtempSync(join(tmpdir(), 'waarborg-audit-copy-'));
      temporaryDirs.push(dir);
      const copy = join(dir, 'waarborg.sqlite');
      copyFileSync(t.config.sqlitePath, copy);
      if (tamper) {
        const bytes = readFileSync(copy);
        const at = bytes.indexOf(MARKER);
        expect(at).toBeGreaterThan(0);
        expect(bytes.lastIndexOf(MARKER)).toBe(at); // stored once: the byte we flip is the event's
        bytes[at] ^= 0x01;
        writeFileSync(copy, bytes);
      }
      return dir;
    }

    async function verifyCopy(dir: string) {
      const copy = new DataSource(
        dataSourceOptions(
          resolveAppConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', NODE_ENV: 'test' }),
        ),
      );
      await copy.initialize();
      try {
        return await verifyAuditChain(copy);
      } finally {
        await copy.destroy();
      }
    }

    /** On PostgreSQL there is no file to edit: change one character with the trigger off. */
    async function replaceInMarkedEvent(from: string, to: string): Promise<void> {
      await ds.transaction(async (em) => {
        await em.query('ALTER TABLE audit_events DISABLE TRIGGER USER');
        await em.query(
          `UPDATE audit_events SET details = replace(details, '${from}', '${to}') WHERE seq = ${marked.seq}`,
        );
        await em.query('ALTER TABLE audit_events ENABLE TRIGGER USER');
      });
    }

    const broken = () => ({
      ok: false,
      count: marked.seq - 1,
      brokenAt: marked.seq,
      reason: 'The content does not match the stored hash.',
    });

    it('in a copied SQLite file', async () => {
      if (!isSqlite()) return;
      expect(await verifyCopy(await copyDatabase(false))).toEqual({ ok: true, count: last.seq });
      expect(await verifyCopy(await copyDatabase(true))).toEqual(broken());
    });

    it('in a PostgreSQL row changed behind the trigger', async () => {
      if (isSqlite()) return;
      await replaceInMarkedEvent(MARKER, TAMPERED);
      try {
        expect(await verifyAuditChain(ds)).toEqual(broken());
      } finally {
        await replaceInMarkedEvent(TAMPERED, MARKER);
      }
      expect(await verifyAuditChain(ds)).toEqual({ ok: true, count: last.seq });
    });

    // Up to two command-line processes (and, in the first to run one, the compiling of the app
    // for them), as the command-line tests allow for: a limit on waiting, not a measure of speed.
    it('and audit:verify prints it and exits 1, or prints the count and exits 0', async () => {
      const expectedBreak = `broken at sequence ${marked.seq}: The content does not match the stored hash.\n`;
      if (isSqlite()) {
        const intact = await runVerifyCli({ DATA_DIR: await copyDatabase(false) });
        expect(intact).toEqual({ status: 0, stdout: `ok, ${last.seq} events\n`, stderr: '' });
        const tampered = await runVerifyCli({ DATA_DIR: await copyDatabase(true) });
        expect(tampered).toEqual({ status: 1, stdout: '', stderr: expectedBreak });
        return;
      }
      const env = { DATA_DIR: t.config.dataDir, DATABASE_URL: t.config.databaseUrl ?? '' };
      expect(await runVerifyCli(env)).toEqual({
        status: 0,
        stdout: `ok, ${last.seq} events\n`,
        stderr: '',
      });
      await replaceInMarkedEvent(MARKER, TAMPERED);
      try {
        expect(await runVerifyCli(env)).toEqual({ status: 1, stdout: '', stderr: expectedBreak });
      } finally {
        await replaceInMarkedEvent(TAMPERED, MARKER);
      }
    }, 90_000);
  });

  describe('the events a person may read', () => {
    const seqs = async (who: UserContext, query = {}) =>
      (await trail.list(who, query)).events.map((e) => e.seq);

    it("shows a secretary only their organisation's events, newest first", async () => {
      expect(await seqs(viewer(100, [[1, Role.Secretary]]))).toEqual([5, 4, 1]);
    });

    it('shows an admin only their organisation’s events, not those of no organisation', async () => {
      expect(await seqs(viewer(101, [[2, Role.Admin]]))).toEqual([6, 2]);
    });

    it('shows the operator every event, those of no organisation included', async () => {
      expect(await seqs(viewer(105, [], true))).toEqual([6, 5, 4, 3, 2, 1]);
    });

    it('lets no filter reach past an admin’s organisations', async () => {
      const admin = viewer(106, [[2, Role.Admin]]);
      expect(await seqs(admin, { action: 'auth' })).toEqual([]);
      expect(await seqs(admin, { result: 'failure' })).toEqual([]);
      expect(await seqs(admin, { actor: 'alice@example.org' })).toEqual([]);
      expect(await seqs(admin, { objectType: 'assessment' })).toEqual([]);
      const listing = await trail.list(admin, { page: 2 });
      expect([listing.events, listing.hasNext]).toEqual([[], false]);
    });

    it('shows nothing to someone who is neither admin nor secretary', async () => {
      expect(
        await seqs(
          viewer(102, [
            [1, Role.Proposer],
            [2, Role.Reviewer],
          ]),
        ),
      ).toEqual([]);
    });

    const everything = viewer(103, [], true);

    it('filters on an action or a group of actions, not on a look-alike', async () => {
      expect(await seqs(everything, { action: 'auth.login' })).toEqual([3, 1]);
      expect(await seqs(everything, { action: 'auth' })).toEqual([3, 1]);
      expect(await seqs(everything, { action: 'auth_' })).toEqual([]);
    });

    it('filters on object type, result and the e-mail address of the actor', async () => {
      expect(await seqs(everything, { objectType: 'user' })).toEqual([6, 2]);
      expect(await seqs(everything, { result: 'failure' })).toEqual([3]);
      expect(await seqs(everything, { actor: 'alice@example.org' })).toEqual([5, 1]);
      expect(await seqs(everything, { actor: 'nobody@example.org' })).toEqual([]);
    });

    it('filters on whole UTC days', async () => {
      expect(await seqs(everything, { from: utcDay(), to: utcDay() })).toEqual([6, 5, 4, 3, 2, 1]);
      expect(await seqs(everything, { to: utcDay(-1) })).toEqual([]);
      expect(await seqs(everything, { from: utcDay(1) })).toEqual([]);
    });

    it('names the people behind the events', async () => {
      const listing = await trail.list(everything, { actor: 'bob@example.org' });
      expect(listing.actors.get(bob.id)).toEqual({ name: 'Bob Beheer', email: 'bob@example.org' });
    });

    it('pages by 50 and says whether there is a next page', async () => {
      await ds.transaction(async (em) => {
        for (let i = 0; i < AUDIT_PAGE_SIZE + 5; i++) {
          await t.app.get(AuditService).record(em, operatorContext(), {
            action: 'bulk.event',
            objectType: 'test',
            result: 'success',
            organisationId: 3,
          });
        }
      });
      const secretary = viewer(104, [[3, Role.Secretary]]);
      const first = await trail.list(secretary, {});
      expect(first.events).toHaveLength(AUDIT_PAGE_SIZE);
      expect(first.hasNext).toBe(true);
      expect(first.events[0].seq).toBeGreaterThan(first.events[1].seq);
      const second = await trail.list(secretary, { page: 2 });
      expect(second.events).toHaveLength(5);
      expect(second.hasNext).toBe(false);
      expect(await verifyAuditChain(ds)).toMatchObject({ ok: true });
    });
  });
});

describe('Audit trail: empty, unreadable and migrated down', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = new DataSource(dataSourceOptions(db.config));
    await ds.initialize();
    await ds.runMigrations();
  });
  afterAll(async () => {
    await ds.destroy();
    await db.dispose();
  });

  const record = (input: AuditInput) =>
    ds.transaction((em) => new AuditService().record(em, operatorContext(), input));
  const event: AuditInput = { action: 'test.event', objectType: 'test', result: 'success' };

  it('starts from the genesis hash and verifies while empty', async () => {
    expect(await new AuditTrailService(ds).head()).toEqual({ seq: 0, hash: GENESIS_HASH });
    expect(await verifyAuditChain(ds)).toEqual({ ok: true, count: 0 });
  });

  it('lifts the append-only rule and the organisation column on down(), and restores both on up()', async () => {
    await record({ ...event, organisationId: 1 });
    const migration = new AuditAppendOnly1795364300000();
    const qr = ds.createQueryRunner();
    try {
      await migration.down(qr);
      let table = await qr.getTable('audit_events');
      expect(table?.findColumnByName('organisation_id')).toBeUndefined();
      expect(table?.indices.map((i) => i.name)).not.toContain('idx_audit_events_organisation');
      await qr.query(`UPDATE audit_events SET address = 'x' WHERE seq = 1`);
      await qr.query('DELETE FROM audit_events');

      await migration.up(qr);
      table = await qr.getTable('audit_events');
      expect(table?.findColumnByName('organisation_id')).toBeDefined();
      expect(table?.indices.map((i) => i.name)).toContain('idx_audit_events_organisation');
    } finally {
      await qr.release();
    }
    await record(event);
    await expect(ds.query(`UPDATE audit_events SET address = 'x' WHERE seq = 1`)).rejects.toThrow(
      APPEND_ONLY,
    );
  });

  it('names an event whose stored details can no longer be read', async () => {
    await record(event);
    const head = await new AuditTrailService(ds).head();
    const seq = head.seq + 1;
    // Inserting is allowed; this is what a damaged or hand-edited row looks like.
    await ds.query(
      `INSERT INTO audit_events (seq, occurred_at, action, object_type, result, details, prev_hash, hash)
       VALUES (${seq}, '2026-01-01 00:00:00', 'test.event', 'test', 'success', '{broken', '${head.hash}', '${'0'.repeat(64)}')`,
    );
    expect(await verifyAuditChain(ds)).toEqual({
      ok: false,
      count: head.seq,
      brokenAt: seq,
      reason: 'The event cannot be read: its stored content is damaged.',
    });
  });
});

describe('Audit trail page', () => {
  let t: TestApp;
  let secretary: User;
  let proposer: User;
  let admin: User;
  let operator: User;
  let outsider: User;

  beforeAll(async () => {
    t = await startTestApp();
    const ds = t.dataSource;
    const [own, other] = [await makeOrganisation(ds), await makeOrganisation(ds)];
    secretary = await makeUser(ds, { name: 'Sanne Secretaris', roles: [[own, Role.Secretary]] });
    proposer = await makeUser(ds, { roles: [[own, Role.Proposer]] });
    const record = (input: AuditInput) =>
      ds.transaction((em) => t.app.get(AuditService).record(em, operatorContext(), input));
    await record({
      action: 'algorithm.update',
      objectType: 'algorithm',
      objectId: 'own-algorithm',
      result: 'success',
      actorUserId: secretary.id,
      actorRole: Role.Secretary,
      organisationId: own.id,
    });
    await record({
      action: 'algorithm.update',
      objectType: 'algorithm',
      objectId: 'other-algorithm',
      result: 'success',
      organisationId: other.id,
    });
    admin = await makeUser(ds, { name: 'Arend Admin', roles: [[own, Role.Admin]] });
    operator = await makeUser(ds, { name: 'Olga Operator' });
    await ds.getRepository(User).update({ id: operator.id }, { isOperator: true });
    // What the app records for another organisation's person: no organisation, as a login is.
    outsider = await makeUser(ds, { email: 'olaf@other.example', roles: [[other, Role.Admin]] });
    await ds.transaction((em) =>
      t.app.get(AuditService).record(
        em,
        { ...operatorContext(), address: '198.51.100.23' },
        {
          action: 'auth.login',
          objectType: 'user',
          objectId: outsider.id,
          actorUserId: outsider.id,
          result: 'failure',
          details: { reason: 'bad_credentials' },
        },
      ),
    );
  });
  afterAll(() => t.close());

  async function loggedIn(user: User): Promise<Browser> {
    const browser = new Browser(t.url);
    expect((await browser.login(user.email)).status).toBe(303);
    return browser;
  }

  it('is not shown without logging in', async () => {
    const res = await new Browser(t.url).get('/audit');
    expect(res.status).not.toBe(200);
    if (res.status >= 300 && res.status < 400) expect(res.headers.location).toMatch(/^\/login/);
    else expect(res.status).toBe(401);
  });

  it('is refused to someone who is neither admin nor secretary', async () => {
    expect((await (await loggedIn(proposer)).get('/audit')).status).toBe(403);
  });

  it("shows a secretary their organisation's events and not another's, uncached", async () => {
    const res = await (await loggedIn(secretary)).get('/audit').expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain('<caption class="utrecht-table__caption"');
    expect(res.text).toContain('algorithm own-algorithm');
    expect(res.text).toContain('Sanne Secretaris');
    expect(res.text).not.toContain('other-algorithm');
  });

  it('shows an admin neither another organisation’s events nor logins of no organisation, whatever the filter', async () => {
    const browser = await loggedIn(admin);
    for (const query of ['', '?action=auth', '?result=failure', '?actor=olaf%40other.example']) {
      const res = await browser.get(`/audit${query}`).expect(200);
      expect(res.text).not.toContain('198.51.100.23');
      // The filter form keeps what the admin typed; no row may name the outsider.
      expect(res.text).not.toContain('<br>olaf@other.example');
      expect(res.text).not.toContain('other-algorithm');
    }
    expect((await browser.get('/audit').expect(200)).text).toContain('algorithm own-algorithm');
  });

  it('shows the operator the whole trail, with whose organisation each event is', async () => {
    const res = await (await loggedIn(operator)).get('/audit').expect(200);
    expect(res.text).toContain('198.51.100.23');
    expect(res.text).toContain('<br>olaf@other.example');
    expect(res.text).toContain('algorithm other-algorithm');
    expect(res.text).toContain('algorithm own-algorithm');
    expect(res.text).toContain(
      '<th class="utrecht-table__header-cell" scope="col">Organisatie</th>',
    );
    expect(res.text).toContain('Geen (de instantie)');
  });

  it('accepts the filter form as a browser submits it, empty fields and all', async () => {
    const res = await (
      await loggedIn(secretary)
    )
      .get('/en/audit?action=algorithm&objectType=&result=success&actor=&from=&to=')
      .expect(200);
    expect(res.text).toContain('<html lang="en"');
    expect(res.text).toContain('algorithm own-algorithm');
    expect(res.text).toContain('name="action" value="algorithm"');
  });

  it('refuses a bad filter value with 400 and names the field', async () => {
    const browser = await loggedIn(secretary);
    const res = await browser.agent
      .get('/audit?from=2026-02-30&page=0')
      .set('accept', 'application/json')
      .expect(400);
    const fields = (res.body.details as { field: string }[]).map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['from', 'page']));
    expect((await browser.get('/audit?to=gisteren')).status).toBe(400);
  });
});
