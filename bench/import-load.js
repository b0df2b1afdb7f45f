#!/usr/bin/env node
/* global fetch, FormData, Blob, Buffer, URLSearchParams, setTimeout, performance */
/**
 * npm run bench:import: a large import from the admin page while others use the site. Builds a
 * file of about 17,000 entries and 20 MB from the national listing (11 copies, each entry with an
 * id and title of its own), starts the app as in production (`npm run start:prod`, its heap
 * budget included) on an empty SQLite database, uploads the file as the operator and asks
 * `/health` every 50 ms meanwhile. Prints the import's time, the longest and the 99th percentile
 * wait of `/health` (how long the event loop was held) and the app's peak RSS. Not a test: a
 * figure for a machine, on 127.0.0.1, stopping by itself.
 */
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { startApp, stop } = require('./run');

const ROOT = join(__dirname, '..');
const DIST = join(ROOT, 'dist', 'src');
const LISTING = join(ROOT, '..', 'shared', 'data', 'algoritmeregister-2026-08-08.json');
const COPIES = 11;
const PASSWORD = 'bench-import-wachtwoord-lang-genoeg';

const { DataSource } = require('typeorm');
const { resolveAppConfig } = require(join(DIST, 'config', 'app-config'));
const { dataSourceOptions } = require(join(DIST, 'database', 'data-source-options'));
const { hashPassword } = require(join(DIST, 'accounts', 'password-hasher'));
const { User } = require(join(DIST, 'accounts', 'entities', 'user.entity'));
const { IMPORT_MAX_BYTES } = require(join(DIST, 'import', 'import-limits'));

/** The listing copied COPIES times, each copy's ids and titles its own, as compact JSON. */
function largeListing() {
  const { algoritmes } = JSON.parse(readFileSync(LISTING, 'utf8'));
  const entries = [];
  for (let copy = 0; copy < COPIES; copy++)
    for (const entry of algoritmes)
      entries.push({
        ...entry,
        id: `${entry.id}-${copy}`,
        title: `${entry.title}`.slice(0, 95) + ` ${copy}`,
      });
  let bytes = Buffer.from(JSON.stringify({ algoritmes: entries }));
  // Kept under the limit, so the file is imported rather than refused.
  while (bytes.length > IMPORT_MAX_BYTES) {
    entries.length -= 100;
    bytes = Buffer.from(JSON.stringify({ algoritmes: entries }));
  }
  return { bytes, entries: entries.length };
}

/** The database migrated, with one operator to log in as. */
async function prepare(dataDir) {
  const config = resolveAppConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    NODE_ENV: 'production',
  });
  const ds = new DataSource(dataSourceOptions(config));
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.getRepository(User).save({
    email: 'operator@bench.example',
    name: 'Operator',
    passwordHash: await hashPassword(PASSWORD),
    isOperator: true,
  });
  await ds.destroy();
}

/** A process's resident memory in MB: now (VmRSS) or its peak so far (VmHWM). */
function rssMb(pid, field) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024);
}

/** A cookie jar just big enough for a login and a form: name=value pairs, sent back as they came. */
class Session {
  constructor(url) {
    this.url = url;
    this.cookies = new Map();
  }

  async request(path, init = {}) {
    const res = await fetch(`${this.url}${path}`, {
      ...init,
      redirect: 'manual',
      headers: {
        ...init.headers,
        origin: this.url,
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return res;
  }

  /** The CSRF token of a page's form. */
  async token(path) {
    const html = await (await this.request(path, { headers: { accept: 'text/html' } })).text();
    const found = /name="_csrf" value="([^"]+)"/.exec(html);
    if (!found) throw new Error(`no form on ${path}`);
    return found[1];
  }
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'waarborg-bench-import-load-'));
  let app;
  try {
    const file = largeListing();
    console.log(
      `file: ${file.entries.toLocaleString('en')} entries, ${(file.bytes.length / 1024 / 1024).toFixed(1)} MB`,
    );
    await prepare(dataDir);
    app = await startApp(dataDir);
    const session = new Session(app.url);
    const loginToken = await session.token('/login');
    const login = await session.request('/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams({
        email: 'operator@bench.example',
        password: PASSWORD,
        _csrf: loginToken,
      }),
    });
    if (login.status !== 303) throw new Error(`login failed: ${login.status}`);

    const rssBefore = rssMb(app.child.pid, 'VmRSS');
    const form = new FormData();
    form.set('_csrf', await session.token('/admin/import'));
    form.set('file', new Blob([file.bytes], { type: 'application/json' }), 'groot.json');

    const waits = [];
    let importing = true;
    const probe = (async () => {
      while (importing) {
        const asked = performance.now();
        const res = await fetch(`${app.url}/health`);
        await res.arrayBuffer();
        waits.push(performance.now() - asked);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const started = performance.now();
    const res = await session.request('/admin/import', {
      method: 'POST',
      headers: { accept: 'text/html' },
      body: form,
    });
    const page = await res.text();
    const importMs = performance.now() - started;
    importing = false;
    await probe;
    const created = /id="count-created">(\d+)</.exec(page)?.[1];
    if (res.status !== 200 || created === undefined)
      throw new Error(`import answered ${res.status}`);

    waits.sort((a, b) => a - b);
    const peakRssMb = rssMb(app.child.pid, 'VmHWM');
    console.log(`imported: ${created} created in ${(importMs / 1000).toFixed(1)} s`);
    console.log(
      `/health during the import: ${waits.length} answers, longest wait ${waits.at(-1).toFixed(0)} ms, p99 ${waits[Math.floor(waits.length * 0.99)].toFixed(0)} ms, p50 ${waits[Math.floor(waits.length / 2)].toFixed(0)} ms`,
    );
    console.log(`RSS of the app: ${rssBefore} MB before, peak ${peakRssMb} MB (budget 300 MB)`);
  } finally {
    if (app) await stop(app.child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
