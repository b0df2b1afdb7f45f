/**
 * A path on this site: `/`, then no second `/` (`//host` is another site) and nothing but
 * printable ASCII other than the backslash. Browsers read a backslash as a slash and drop tabs
 * and line breaks from a URL (`/<tab>/host` becomes `//host`), and a Location header cannot carry
 * control characters or non-Latin text at all. A path the browser sent is percent-encoded, so
 * nothing a person would follow is refused.
 */
const SAME_SITE_PATH = /^\/(?!\/)[!-[\]-~]*$/;

/** Where to go after login, if it is a path on this site: no open redirect, no broken header. */
export function safeNext(next: unknown): string | undefined {
  return typeof next === 'string' && SAME_SITE_PATH.test(next) ? next : undefined;
}
