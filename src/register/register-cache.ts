import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { carriesCredentials } from '../common/http/cookies';
import { today } from '../assessments/reassessment';
import { preparedQuery } from '../database/prepared';
import { sharedRead } from '../database/shared-read';
import { fromDbTime } from '../database/sql';

/** Public, read-only register routes whose answer depends only on the URL and the data. */
const CACHEABLE = /^\/(?:register|organisaties|toegankelijkheid|api\/v1\/register)(?:[/?.]|$)/;
/** Forms carry a per-visitor token, and the bulk exports stream. */
const NOT_CACHEABLE = /^\/register\/[^/?]+\/feedback|^\/api\/v1\/register(?:\.csv|\/export)/;

const MAX_ENTRIES = 1000;
const MAX_BYTES = 24 * 1024 * 1024;
/** As @fastify/compress: smaller answers are sent as they are. */
const MIN_COMPRESS = 1024;

// One row: the register's version, when it changed, and a counter the database bumps on every
// change to a condition (migration ConditionsStamp: its triggers).
const STAMP_SQL = `SELECT version, changed_at, conditions_version AS conditions
  FROM register_state WHERE id = 1`;

interface Stamp {
  /** register_state.version, which the register's search index is built for. */
  version: number;
  etag: string;
  lastModified: string;
}

type Encoding = 'br' | 'gzip';

interface CachedPage {
  body: Buffer;
  contentType: string;
  /** The body compressed, made when first asked for and then sent as it is. */
  br?: Buffer;
  gzip?: Buffer;
}

/**
 * Higher than the per-response compression (@fastify/compress, level 4), since a cached page is
 * compressed once and sent many times: about 2 ms for a 60 KB page, 10% smaller.
 */
const COMPRESS: Record<Encoding, (body: Buffer) => Buffer> = {
  br: (body) =>
    brotliCompressSync(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 6,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }),
  gzip: (body) => gzipSync(body, { level: 6 }),
};

/** The encoding to send for an Accept-Encoding header: brotli before gzip, none refused by q=0. */
export function preferredEncoding(header: string | undefined): Encoding | null {
  if (!header) return null;
  const accepted = new Set<string>();
  for (const part of header.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)).find(Boolean);
    if (!q || Number(q[1]) > 0) accepted.add(name.trim());
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip') || accepted.has('*')) return 'gzip';
  return null;
}

declare module 'fastify' {
  interface FastifyRequest {
    registerCache?: { key: string; stamp: Stamp; keep: boolean };
  }
}

/**
 * The URLs asked for recently, one bit per hash (128 KB), so that a page is kept from the second
 * time it is asked for. A search made once, as most are, would otherwise push out pages people
 * come back to, and every kept page is memory the garbage collector moves and later frees: keeping
 * every one-off search cost an uncached search about a seventh of its time at 100,000 entries.
 * Forgotten after RESET_AFTER URLs, so that two askings far apart do not count; a hash that
 * collides keeps a page one request early, which is harmless.
 */
class SeenBefore {
  private static readonly BITS = 1 << 20;
  private static readonly RESET_AFTER = 100_000;
  private readonly bits = new Uint32Array(SeenBefore.BITS / 32);
  private marked = 0;

  /** Marks the URL; true when it was marked already. */
  check(key: string): boolean {
    // FNV-1a over the UTF-16 code units.
    let hash = 0x811c9dc5;
    for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
    const bit = (hash >>> 0) % SeenBefore.BITS;
    const word = bit >>> 5;
    const mask = 1 << (bit & 31);
    if (this.bits[word] & mask) return true;
    if (++this.marked > SeenBefore.RESET_AFTER) {
      this.bits.fill(0);
      this.marked = 1;
    }
    this.bits[word] |= mask;
    return false;
  }
}

interface StampRow {
  version: unknown;
  changed_at: unknown;
  conditions: unknown;
}

/**
 * Rendered register pages and API answers, kept per instance and keyed on a change counter that
 * lives in the database (bumped in the transaction that publishes, see register-projection.ts), on
 * the state of the conditions shown on entry pages and on the day, which makes conditions overdue. Every request reads that stamp, so a change
 * made through any instance shows on the next request everywhere; the same stamp is the ETag.
 * Only anonymous requests are served from here: pages for logged-in users are personal. A page is
 * kept from the second time its URL is asked for (SeenBefore).
 */
@Injectable()
export class RegisterCache implements OnModuleInit {
  private readonly pages = new Map<string, CachedPage>();
  private bytes = 0;
  private currentEtag = '';
  private readonly readStamp: () => Promise<StampRow[]>;
  private readonly seen = new SeenBefore();
  /** The last stamp made, by what it was made of: most requests read the same row again. */
  private last: { source: string; stamp: Stamp } | null = null;

  constructor(
    private readonly ds: DataSource,
    private readonly adapterHost: HttpAdapterHost,
  ) {
    // Requests in flight together share a read that started after they came (sharedRead): on
    // PostgreSQL each read is a round trip to a server on the same machine.
    const read = preparedQuery<StampRow>(ds, 'register_stamp', STAMP_SQL);
    this.readStamp = sharedRead(() => read());
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply) =>
      this.onRequest(request, reply),
    );
    fastify.addHook(
      'onSend',
      async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
        this.onSend(request, reply, payload);
        return payload;
      },
    );
  }

  /** The data's current version, read from the database on every call. */
  async stamp(): Promise<Stamp> {
    const [row] = await this.readStamp();
    // The day too: a condition becomes overdue at midnight (UTC) without anything being written.
    const source = `${String(row?.version)}|${String(row?.conditions)}|${today()}`;
    const made = `${source}|${String(row?.changed_at)}`;
    if (this.last?.source === made) return this.last.stamp;
    const changed = row?.changed_at ? fromDbTime(row.changed_at) : new Date(0);
    const stamp = {
      version: Number(row?.version ?? 0),
      etag: `"r${createHash('sha1').update(source).digest('base64url').slice(0, 16)}"`,
      lastModified: changed.toUTCString(),
    };
    this.last = { source: made, stamp };
    return stamp;
  }

  private async onRequest(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (request.method !== 'GET' || !CACHEABLE.test(request.url) || NOT_CACHEABLE.test(request.url))
      return;
    if (carriesCredentials(request)) return;
    const stamp = await this.stamp();
    request.registerVersion = stamp.version;
    if (stamp.etag !== this.currentEtag) {
      this.pages.clear();
      this.bytes = 0;
      this.currentEtag = stamp.etag;
    }
    if (request.headers['if-none-match'] === stamp.etag) {
      // The visitor's copy carries this stamp, so it is current, whichever instance made it.
      cacheHeaders(reply, stamp);
      await reply.code(304).send();
      return;
    }
    const lang =
      (request.raw as IncomingMessage & { waarborgLanguage?: string }).waarborgLanguage ?? 'nl';
    const apiLang = request.url.startsWith('/api/')
      ? (request.headers['accept-language'] ?? '').slice(0, 2)
      : '';
    // The host is part of the key: the feed and the exports spell out absolute links.
    const key = `${lang}|${apiLang}|${request.host}|${request.url}`;
    const cached = this.pages.get(key);
    if (!cached) {
      request.registerCache = { key, stamp, keep: this.seen.check(key) };
      return;
    }
    cacheHeaders(reply, stamp);
    void reply.header('content-type', cached.contentType);
    const encoding = preferredEncoding(request.headers['accept-encoding']);
    if (!encoding || cached.body.length < MIN_COMPRESS) {
      await reply.send(cached.body);
      return;
    }
    let compressed = cached[encoding];
    if (!compressed) {
      compressed = cached[encoding] = COMPRESS[encoding](cached.body);
      this.bytes += compressed.length;
    }
    await reply.header('content-encoding', encoding).send(compressed);
  }

  private onSend(request: FastifyRequest, reply: FastifyReply, payload: unknown): void {
    const pending = request.registerCache;
    // Text, or the bytes of it (registerUtf8Bodies turns a page into bytes before this hook).
    const text = typeof payload === 'string' || Buffer.isBuffer(payload);
    if (!pending || reply.statusCode !== 200 || !text) return;
    // A logged-in visitor's page (no-store, set by the authentication guard) is never shared.
    if (String(reply.getHeader('cache-control') ?? '').includes('no-store')) return;
    cacheHeaders(reply, pending.stamp);
    if (!pending.keep || pending.stamp.etag !== this.currentEtag) return;
    if (this.pages.size >= MAX_ENTRIES || this.bytes + payload.length > MAX_BYTES) {
      this.pages.clear();
      this.bytes = 0;
    }
    // Kept as UTF-8 bytes: half the memory of a JavaScript string, and sent without encoding.
    const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
    this.pages.set(pending.key, {
      body,
      contentType: String(reply.getHeader('content-type') ?? 'text/html; charset=utf-8'),
    });
    this.bytes += body.length;
  }
}

function cacheHeaders(reply: FastifyReply, stamp: Stamp): void {
  void reply.header('etag', stamp.etag);
  void reply.header('last-modified', stamp.lastModified);
  // Browsers and proxies may keep the page but must ask again each time (a 304 when unchanged).
  void reply.header('cache-control', 'no-cache');
  // Lower case as @fastify/compress writes it, which adds it only when it is not there yet.
  void reply.header('vary', 'Cookie, Accept-Language, accept-encoding');
}
