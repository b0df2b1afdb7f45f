import type { IncomingMessage } from 'node:http';
import type { FastifyRequest } from 'fastify';
import { DEFAULT_LANGUAGE, isLanguage, Language } from '../../i18n/i18n';

type RawWithLanguage = IncomingMessage & { waarborgLanguage?: Language };

/**
 * English pages live under /en/...: the prefix is taken off before routing (so every route exists
 * in both languages without being declared twice) and remembered on the request.
 */
export function stripLanguagePrefix(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const match = /^\/en(?=\/|\?|$)/.exec(url);
  if (!match) return url;
  (req as RawWithLanguage).waarborgLanguage = 'en';
  const rest = url.slice(3);
  return rest.startsWith('/') ? rest : `/${rest}`;
}

/** The language to answer in: the /en prefix for pages, Accept-Language for the JSON API. */
export function requestLanguage(request: FastifyRequest): Language {
  const fromPrefix = (request.raw as RawWithLanguage).waarborgLanguage;
  if (fromPrefix) return fromPrefix;
  if (request.url.startsWith('/api/')) {
    const accepted = request.headers['accept-language']?.slice(0, 2).toLowerCase();
    if (isLanguage(accepted)) return accepted;
  }
  return DEFAULT_LANGUAGE;
}

/** A path in the given language: '/register' becomes '/en/register' in English. */
export function localisedPath(lang: Language, path: string): string {
  if (lang === DEFAULT_LANGUAGE) return path;
  return path === '/' ? `/${lang}` : `/${lang}${path}`;
}

/** True when the caller wants JSON rather than a page. */
export function wantsJson(request: FastifyRequest): boolean {
  if (request.url.startsWith('/api/') || request.url === '/health') return true;
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}
