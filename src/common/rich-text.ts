import handlebars from 'handlebars';
import sanitizeHtml from 'sanitize-html';
import { latin1Html } from './one-byte';

const { escapeExpression } = handlebars.Utils;

/**
 * The small set of HTML that imported texts may keep (the national register's texts use
 * paragraphs, line breaks and lists). Anything else is shown as text, never interpreted; links
 * keep only http(s) and mailto addresses.
 */
export const ALLOWED_HTML: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'ul', 'ol', 'li', 'strong', 'em', 'b', 'i', 'a'],
  allowedAttributes: { a: ['href'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  transformTags: { div: 'p' },
  nonBooleanAttributes: ['*'],
  disallowedTagsMode: 'escape',
};

/** For the importer: the text with only the allowed markup left. */
export function sanitizeImported(value: string): string {
  return sanitizeHtml(value, { ...ALLOWED_HTML, disallowedTagsMode: 'discard' }).trim();
}

const MARKUP = /<\/?(?:p|div|br|ul|ol|li|strong|em|b|i|a)\b[^>]*>/i;

/**
 * A long text as HTML that is safe to place in a page: text that carries the allowed markup is
 * sanitized again on the way out (nothing stored is trusted), plain text is escaped and its
 * blank lines become paragraphs.
 */
export function richText(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') return '';
  if (MARKUP.test(value)) return sanitizeHtml(value, ALLOWED_HTML);
  return value
    .split(/\n\s*\n/)
    .map((para) => `<p>${escapeExpression(para.trim()).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

/** Link only to web and mail addresses; anything else (javascript:, data:) stays text. */
export function safeHref(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  try {
    const url = new URL(value.trim());
    return ['http:', 'https:', 'mailto:'].includes(url.protocol) ? url.toString() : null;
  } catch {
    return null;
  }
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const WORD = /[\p{L}\p{N}]+/gu;

/**
 * Escapes the text first, then marks the words that start with a searched word (`tokens` in
 * lower case, as searchTokens gives them). Found with indexOf in the lower-cased text: a
 * case-insensitive Unicode pattern built for each search cost V8 a fresh regular-expression
 * compilation per search, about 1.4 ms for a page of 25 rows against 0.05 ms this way.
 */
export function highlight(text: string, tokens: string[]): string {
  return latin1Html(marked(text, tokens));
}

function marked(text: string, tokens: string[]): string {
  if (!tokens.length) return escapeExpression(text);
  const lower = text.toLowerCase();
  // Where lower case changes the length (a dotted capital I), positions differ: word by word.
  if (lower.length !== text.length) return highlightWords(text, tokens);
  const marks: [number, number][] = [];
  for (const token of tokens) {
    for (let at = lower.indexOf(token); at >= 0;) {
      if (at > 0 && LETTER_OR_DIGIT.test(lower[at - 1])) {
        at = lower.indexOf(token, at + 1);
        continue;
      }
      let end = at + token.length;
      while (end < lower.length && LETTER_OR_DIGIT.test(lower[end])) end++;
      marks.push([at, end]);
      at = lower.indexOf(token, end);
    }
  }
  marks.sort((a, b) => a[0] - b[0]);
  let out = '';
  let last = 0;
  for (const [start, end] of marks) {
    // Two searched words that begin the same word mark it once.
    if (start < last) continue;
    out += `${escapeExpression(text.slice(last, start))}<mark>${escapeExpression(text.slice(start, end))}</mark>`;
    last = end;
  }
  return out + escapeExpression(text.slice(last));
}

function highlightWords(text: string, tokens: string[]): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(WORD)) {
    const word = match[0];
    const lower = word.toLowerCase();
    if (lower.length !== word.length || !tokens.some((t) => lower.startsWith(t))) continue;
    const index = match.index ?? 0;
    out += `${escapeExpression(text.slice(last, index))}<mark>${escapeExpression(word)}</mark>`;
    last = index + word.length;
  }
  return out + escapeExpression(text.slice(last));
}
