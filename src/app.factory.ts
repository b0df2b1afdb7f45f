import { randomUUID } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifySession from '@fastify/session';
import fastifyView from '@fastify/view';
import type { Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import './accounts/auth/session-data';
import { DatabaseSessionStore } from './accounts/auth/session-store';
import { CSRF_COOKIE, SESSION_COOKIE } from './common/http/cookies';
import { registerOpenerPolicy } from './common/http/opener-policy';
import { registerUtf8Bodies } from './common/http/utf8-bodies';
import { registerCsrfCheck } from './common/http/csrf';
import { registerJsonBodyParser } from './common/http/json-body';
import { DomainError } from './common/errors/domain-error';
import { AuthService } from './accounts/auth/auth.service';
import { TEMPLATE_UPLOAD_MAX_BYTES } from './checklists/checklists.service';
import type { StoredUpload, UploadedFile } from './common/http/uploaded-file';
import { IMPORT_MAX_BYTES } from './import/import-limits';
import { registerOpenApi } from './common/http/openapi';
import { assetUrl, loadAssetManifest, registerStaticAssets } from './common/http/static-assets';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppModule } from './app.module';
import type { AppConfig } from './config/app-config';
import type { TrustProxy } from './config/env.validation';
import { registerArrivalOrder } from './common/http/arrival-order';
import { localisedPath, requestLanguage, stripLanguagePrefix } from './common/http/language';
import { fastifyLoggerOptions, PinoNestLogger, registerRequestId } from './common/logging';
import './common/views/page-locals';
import { createHandlebars, VIEWS_DIR } from './common/views/view-engine';

export interface CreateAppOptions {
  /** Extra modules, for tests that need a route production has not (e.g. one that fails). */
  imports?: Type[];
}

/** Builds the application exactly as production runs it; main.ts and the e2e tests both use this. */
export async function createApp(
  config: AppConfig,
  options: CreateAppOptions = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    ...fastifyLoggerOptions(config),
    rewriteUrl: stripLanguagePrefix,
    trustProxy: fastifyTrustProxy(config.trustProxy),
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, options.imports),
    adapter,
    {
      bufferLogs: true,
    },
  );
  app.useLogger(new PinoNestLogger(adapter.getInstance().log));
  await configureApp(app, config);
  app.enableShutdownHooks();
  return app;
}

/**
 * TRUST_PROXY as Fastify takes it. A hop count becomes a function, because Fastify 5 reads a
 * number as "trust nothing": a count cannot tell a proxy from a client that reaches the app
 * directly, which is why the setting's documentation asks for addresses in that case.
 */
function fastifyTrustProxy(
  trust: TrustProxy,
): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address: string, hop: number) => hop < trust : trust;
}

export async function configureApp(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const assets = loadAssetManifest();
  // Requests wait their turn after the onRequest hooks (the register's page cache answers there)
  // and before any other work is done for them.
  registerArrivalOrder(app.getHttpAdapter().getInstance());
  // Before every route, since it attaches itself to each route as it is added. Brotli or gzip
  // for HTML, CSS, JSON, CSV and Atom, as the browser asks; request bodies stay as they come.
  await app.register(fastifyCompress, { encodings: ['br', 'gzip'], globalDecompression: false });
  await app.register(fastifyHelmet, {
    // Sent only over HTTPS, below; over plain HTTP it would be ignored or, worse, pinned wrongly.
    strictTransportSecurity: false,
    // Not helmet's no-referrer: with it, browsers send `Origin: null` on our own form posts, which
    // the CSRF Origin check must refuse. Other sites still learn nothing of where a visitor came from.
    referrerPolicy: { policy: 'same-origin' },
    // Sent only on responses of a session (registerOpenerPolicy, which says why).
    crossOriginOpenerPolicy: false,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
        imgSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
      },
    },
  });

  await app.register(fastifyCookie, { secret: config.sessionSecret });
  await app.register(fastifySession, {
    secret: config.sessionSecret,
    cookieName: SESSION_COOKIE,
    // No Max-Age: the cookie ends with the browser, and the server enforces both time-outs.
    cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', path: '/' },
    saveUninitialized: false,
    rolling: false,
    store: new DatabaseSessionStore(app.get(DataSource), {
      idleMs: config.sessionIdleMs,
      absoluteMs: config.sessionAbsoluteMs,
    }),
  });
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: CSRF_COOKIE,
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'lax', path: '/', secure: 'auto' },
  });

  registerJsonBodyParser(app);
  await registerMultipart(app, uploadRoutes(config));

  await registerStaticAssets(app, assets);

  const handlebars = createHandlebars();
  // {{asset "site.css"}}: the file's URL under its hashed name.
  handlebars.registerHelper('asset', (name: string) => assetUrl(assets, name));
  await app.register(fastifyView, {
    engine: { handlebars },
    root: VIEWS_DIR,
    layout: 'layout.hbs',
    viewExt: 'hbs',
    production: config.nodeEnv !== 'development',
  });

  registerOpenApi(app);

  // What every page needs to know about its request: the language and the way to the other one.
  const fastify = app.getHttpAdapter().getInstance();
  registerRequestId(fastify);
  registerCsrfCheck(fastify);
  registerOpenerPolicy(fastify);
  registerUtf8Bodies(fastify);
  fastify.addHook('onSend', async (request, reply) => {
    if (request.protocol === 'https')
      void reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  });
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const lang = requestLanguage(request);
    const otherLang = lang === 'nl' ? 'en' : 'nl';
    reply.locals = { lang, otherLang, otherLangUrl: localisedPath(otherLang, request.url) };
  });
}

/** What a route that takes a file upload takes: its largest file, and where the file is kept. */
interface UploadRoute {
  maxBytes: number;
  /** Kept on disk as it arrives (a StoredUpload) instead of in memory (an UploadedFile). */
  onDisk?: boolean;
}

/**
 * The only routes that take a file upload (multipart/form-data), as Fastify names them. The
 * import's 20 MB go to disk: two copies of them in memory took the app past its memory budget.
 */
function uploadRoutes(config: AppConfig): Map<string, UploadRoute> {
  return new Map<string, UploadRoute>([
    ['/admin/import', { maxBytes: IMPORT_MAX_BYTES, onDisk: true }],
    ['/admin/checklists/upload', { maxBytes: TEMPLATE_UPLOAD_MAX_BYTES }],
    ['/conditions/:id/report', { maxBytes: config.evidenceMaxBytes }],
    ['/api/v1/conditions/:id/report', { maxBytes: config.evidenceMaxBytes }],
    ['/assessments/:id/instruments/:kind', { maxBytes: config.evidenceMaxBytes }],
  ]);
}

/**
 * File uploads. Multipart bodies are read whole before the handler (so the CSRF check finds
 * `_csrf` in the body as with any form), but only on the routes that take them and only from a
 * logged-in user (a session, or a Bearer token on the API): anyone else gets 415 or 401 before a
 * byte of the file is read. A file over its route's limit is not an error here: the rest of it is
 * read and dropped, and it arrives marked `truncated`, so the form can say so beside its field
 * instead of showing an error page.
 */
async function registerMultipart(
  app: NestFastifyApplication,
  routes: Map<string, UploadRoute>,
): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  const auth = app.get(AuthService);
  await app.register(fastifyMultipart, {
    throwFileSizeLimit: false,
    // The plugin stops reading at the largest route's limit; each route's own is applied below.
    limits: {
      fileSize: Math.max(...[...routes.values()].map((r) => r.maxBytes)),
      files: 1,
      fields: 10,
      parts: 12,
      fieldSize: 10_000,
    },
  });
  fastify.addHook('preValidation', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!/^multipart\/form-data/i.test(request.headers['content-type'] ?? '')) return;
    const route = routes.get(request.routeOptions.url ?? '');
    if (!route) throw new DomainError('UNSUPPORTED_MEDIA_TYPE');
    if (!(await auth.authenticate(request))) throw new DomainError('UNAUTHENTICATED');
    request.body = await readMultipartBody(request, reply, route);
  });
}

/**
 * A multipart body as a urlencoded one is read (`{ name: value }`), its file of at most the
 * route's limit as an UploadedFile, or as a StoredUpload removed once the response is sent. A body that breaks off before the form's end (a dropped connection, a
 * client that sends less than it announced or no closing boundary) makes the parser fail without
 * a status, which would be a 500: it is the sender's fault, so 400 BODY_INCOMPLETE. The plugin's
 * limits on parts and fields keep their own 4xx status.
 */
async function readMultipartBody(
  request: FastifyRequest,
  reply: FastifyReply,
  route: UploadRoute,
): Promise<Record<string, unknown>> {
  const fields: [string, unknown][] = [];
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        fields.push([part.fieldname, part.value]);
        continue;
      }
      const limit = route.maxBytes;
      const chunks: Buffer[] = [];
      let size = 0;
      let path = '';
      const written = route.onDisk ? await open((path = uploadPath(reply)), 'w') : null;
      try {
        for await (const chunk of part.file as AsyncIterable<Buffer>) {
          size += chunk.length;
          if (size > limit) continue;
          if (written) await written.write(chunk);
          else chunks.push(chunk);
        }
      } finally {
        await written?.close();
      }
      const truncated = size > limit || part.file.truncated;
      const file: UploadedFile | StoredUpload = written
        ? { filename: part.filename, path, size: Math.min(size, limit), truncated }
        : { filename: part.filename, bytes: Buffer.concat(chunks), truncated };
      fields.push([part.fieldname, file]);
    }
  } catch (err) {
    const status = (err as { statusCode?: unknown }).statusCode;
    if (typeof status === 'number' && status < 500) throw err;
    throw new DomainError('BODY_INCOMPLETE');
  }
  // Own properties only: a field named `__proto__` stays a field.
  return Object.fromEntries(fields);
}

/** A new file name in the system's temporary folder, removed when the response has been sent. */
function uploadPath(reply: FastifyReply): string {
  const path = join(tmpdir(), `waarborg-upload-${randomUUID()}`);
  reply.raw.once('close', () => void rm(path, { force: true }));
  return path;
}
