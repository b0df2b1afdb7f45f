/** Names of the cookies Waarborg sets. */
export const SESSION_COOKIE = 'waarborg_session';
export const CSRF_COOKIE = 'waarborg_csrf';
