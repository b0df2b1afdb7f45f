import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/common/project-root';
import { DEMO_PASSWORD } from '../seeds/demo-data';
import { Browser } from './support/browser';
import { compiledApp } from './support/compiled';
import { freePort } from './support/ports';

/**
 * `npm run start:prod` as it runs: src/cluster.ts with two workers on one SQLite file, started as
 * a process (from the TypeScript source, to skip a build). The session's requests below each open
 * their own connection, which the primary hands to the workers in turn, so a session made through one
 * worker is used through the other, and a worker that dies is replaced while the other serves.
 */

const workersOf = (pid: number): number[] => {
  const file = `/proc/${pid}/task/${pid}/children`;
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
};

async function until<T>(what: string, check: () => T | undefined, ms = 120_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`waited ${ms} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('start:prod: one database, two workers', () => {
  let primary: ChildProcess;
  let dataDir: string;
  let url: string;
  let stdout = '';
  let stderr = '';

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'waarborg-cluster-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const { DATABASE_URL: _ignored, ...inherited } = process.env;
    primary = spawn(process.execPath, [join(compiledApp(), 'src', 'cluster.js')], {
      cwd: PROJECT_ROOT,
      env: {
        ...inherited,
        DATA_DIR: dataDir,
        PORT: String(port),
        WORKERS: '2',
        NODE_ENV: 'development',
        LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    primary.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    primary.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    await until(
      'the server to start',
      () => (/running at/.test(stdout) ? true : undefined),
      170_000,
    );
  }, 180_000);

  afterAll(async () => {
    if (primary && primary.exitCode === null) {
      primary.kill('SIGTERM');
      await new Promise((r) => primary.once('exit', r));
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('says it runs two workers, and runs them', () => {
    expect(stdout).toContain('(2 workers)');
    expect(workersOf(primary.pid!)).toHaveLength(2);
  });

  it('keeps a session made through one worker on the other, and ends it on both', async () => {
    const browser = new Browser(url);
    const login = await browser.login('beheer@waarborg.example', DEMO_PASSWORD);
    expect(login.status).toBe(303);
    expect(login.headers.location).not.toMatch(/^\/login/);
    // A new connection each time (Node keeps connections open otherwise): the primary hands
    // connections to the workers in turn.
    const page = () => browser.get('/dashboard').set('connection', 'close');
    for (let i = 0; i < 6; i++) expect((await page()).status).toBe(200);
    await browser.post('/logout', {}, '/dashboard');
    for (let i = 0; i < 4; i++) {
      const res = await page();
      expect(res.status).toBe(303);
      expect(res.headers.location).toMatch(/^\/login/);
    }
  });

  it('replaces a worker that dies, and serves meanwhile', async () => {
    const [victim, survivor] = workersOf(primary.pid!);
    process.kill(victim, 'SIGKILL');
    await until('the primary to notice', () =>
      stderr.includes('starting another') ? true : undefined,
    );
    expect((await fetch(`${url}/register`)).status).toBe(200);
    const workers = await until('a new worker', () => {
      const now = workersOf(primary.pid!);
      return now.length === 2 && !now.includes(victim) ? now : undefined;
    });
    expect(workers).toContain(survivor);
    for (let i = 0; i < 4; i++) expect((await fetch(`${url}/register`)).status).toBe(200);
  }, 180_000);
});
