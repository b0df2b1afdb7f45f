import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';
import { PROJECT_ROOT } from '../project-root';

/** Built by scripts/build-assets.js (`npm run build`): the files and their manifest. */
export const ASSETS_DIR = join(PROJECT_ROOT, 'dist', 'assets');
export const ASSETS_PREFIX = '/static/';

export interface AssetManifest {
  /** Logical name (`site.css`, `favicon.ico`) to the file's name with its content hash. */
  files: Record<string, string>;
}

/**
 * Crawlers may read the register and its entries, but not every combination of search words and
 * filters (each a page of its own for a crawler, each worked out anew), nor the work pages.
 */
const ROBOTS_TXT = `User-agent: *
Disallow: /register?
Disallow: /en/register?
Disallow: /organisaties/*?
Disallow: /en/organisaties/*?
Disallow: /login
Disallow: /dashboard
Disallow: /follow-ups
Disallow: /admin
Disallow: /assessments
Disallow: /account
Disallow: /api/
`;

export function loadAssetManifest(): AssetManifest {
  const file = join(ASSETS_DIR, 'manifest.json');
  if (!existsSync(file))
    throw new Error(`${file} is missing: build the stylesheets first with npm run build`);
  return JSON.parse(readFileSync(file, 'utf8')) as AssetManifest;
}

/** The URL of an asset; a name the build did not make is an error, not a broken link. */
export function assetUrl(manifest: AssetManifest, name: string): string {
  const file = manifest.files[name];
  if (!file) throw new Error(`No asset named ${name} in ${ASSETS_DIR}/manifest.json`);
  return `${ASSETS_PREFIX}${file}`;
}

/**
 * The built files under their hashed names, cached for a year without asking again: a changed
 * file has another name, so a page never meets a stale one. Stylesheets go out as the build
 * compressed them (brotli or gzip, as the browser accepts). Plus the two files that browsers and
 * crawlers ask for by a fixed name, /favicon.ico and /robots.txt, cached for a day.
 */
export async function registerStaticAssets(
  app: NestFastifyApplication,
  manifest: AssetManifest,
): Promise<void> {
  const served = new Set(Object.values(manifest.files).map((f) => `/${f}`));
  await app.register(fastifyStatic, {
    root: ASSETS_DIR,
    prefix: ASSETS_PREFIX,
    preCompressed: true,
    maxAge: 365 * 24 * 3600 * 1000,
    immutable: true,
    index: false,
    allowedPath: (path) => served.has(path),
  });
  const fastify = app.getHttpAdapter().getInstance();
  const daily = (reply: FastifyReply) => reply.header('cache-control', 'public, max-age=86400');
  if (manifest.files['favicon.ico']) {
    const icon = readFileSync(join(ASSETS_DIR, manifest.files['favicon.ico']));
    fastify.get('/favicon.ico', (_request, reply) => daily(reply).type('image/x-icon').send(icon));
  }
  fastify.get('/robots.txt', (_request, reply) =>
    daily(reply).type('text/plain; charset=utf-8').send(ROBOTS_TXT),
  );
}
