import type { Language } from '../../i18n/i18n';

/** What every page template can read besides its own data; set per request in app.factory.ts. */
export interface PageLocals {
  lang: Language;
  otherLang: Language;
  otherLangUrl: string;
  [key: string]: unknown;
}

declare module 'fastify' {
  interface FastifyReply {
    /** Merged into the data of every reply.view() by @fastify/view. */
    locals: PageLocals;
  }
}
