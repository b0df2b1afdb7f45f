import type { AuthUser } from '../../accounts/auth/auth-user';
import type { FlashMessage } from '../../accounts/auth/session-data';
import type { Language } from '../../i18n/i18n';
import type { ThemeRef } from '../../organisations/theme-ref';

/**
 * What every page template can read besides its own data: the language, set per request in
 * app.factory.ts, and for a logged-in user the user, the one-time message and the CSRF token, set
 * by the authentication guard. A page's own model is not among them: it is the view's `page`.
 */
export interface PageLocals {
  lang: Language;
  otherLang: Language;
  otherLangUrl: string;
  currentUser?: AuthUser;
  flash?: FlashMessage;
  csrfToken?: string;
  /** When the login session ends unless the user does something first. */
  sessionExpiresAt?: Date;
  /** The organisation whose theme the page wears (see ThemeRef). */
  theme?: ThemeRef;
}

declare module 'fastify' {
  interface FastifyReply {
    /** Merged into the data of every reply.view() by @fastify/view. */
    locals: PageLocals;
  }
}
