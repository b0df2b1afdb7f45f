import handlebars from 'handlebars';
import sanitizeHtml from 'sanitize-html';

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

/** The last search's pattern: a page highlights the same words in every row. */
let lastPattern: { key: string; pattern: RegExp } | null = null;
function highlightPattern(tokens: string[]): RegExp {
  const key = tokens.join('\n');
  if (lastPattern?.key !== key)
    lastPattern = {
      key,
      pattern: new RegExp(
        `(?<![\\p{L}\\p{N}])(?:${tokens.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})[\\p{L}\\p{N}]*`,
        'giu',
      ),
    };
  return lastPattern.pattern;
}

/** Escapes the text first, then marks the words that start with a searched word. */
export function highlight(text: string, tokens: string[]): string {
  if (!tokens.length) return escapeExpression(text);
  const pattern = highlightPattern(tokens);
  let out = '';
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const index = match.index ?? 0;
    out += `${escapeExpression(text.slice(last, index))}<mark>${escapeExpression(match[0])}</mark>`;
    last = index + match[0].length;
  }
  return out + escapeExpression(text.slice(last));
}
