import type { PendingSignIn } from '../sso/sso.service';

/** What Waarborg keeps in a login session. */
export interface FlashMessage {
  type: 'ok' | 'error';
  /** Message key, translated when shown. */
  key: string;
  params?: Record<string, string | number>;
}

declare module 'fastify' {
  interface Session {
    userId?: number;
    /** Epoch ms of the login; the absolute time-out counts from here. */
    authenticatedAt?: number;
    /** Epoch ms of the last request, updated at most once a minute; the idle time-out counts from here. */
    lastSeenAt?: number;
    /** Shown once on the next page (post, redirect, show). */
    flash?: FlashMessage;
    /** Between leaving for the organisation's identity provider and coming back. */
    sso?: PendingSignIn;
  }
}

export {};
