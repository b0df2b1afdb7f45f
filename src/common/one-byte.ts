/**
 * V8 holds a string one byte a character when every character fits (Latin-1, as most Dutch text
 * does) and two bytes a character otherwise; a page joined from pieces is two bytes a character as
 * soon as one piece is, which doubles its memory and makes turning it into UTF-8 about 2.5 times
 * slower (docs/benchmark-history.md, "A tenth look"). A piece can be two bytes a character
 * without needing it: a slice of a string that has a "…" or a "’" elsewhere, and the result of
 * replacing such characters, keep the representation of the string they came from (Node 24 copies
 * a slice of fewer than 13 characters, and holds the copy as its own characters allow).
 */

const BEYOND_LATIN1 = /[\u0100-\u{10ffff}]/u;
const EVERY_BEYOND_LATIN1 = new RegExp(BEYOND_LATIN1.source, 'gu');

/** Whether every character of the text fits in one byte. */
export function latin1Only(text: string): boolean {
  return !BEYOND_LATIN1.test(text);
}

/**
 * The same text held one byte a character. Only for text of which latin1Only holds (the callers
 * know it): a character beyond Latin-1 would be cut to its low byte.
 */
export function heldOneByte(text: string): string {
  return Buffer.from(text, 'latin1').toString('latin1');
}

/** The text held one byte a character if its characters allow it, else as it is. */
export function oneByteIfLatin1(text: string): string {
  return latin1Only(text) ? heldOneByte(text) : text;
}

/**
 * HTML with every character beyond Latin-1 written as a character reference (`’` as `&#8217;`),
 * held one byte a character: what replace returns is held as the text it replaced in. For the
 * result cards (rich-text.ts highlight), which carry the data's quotes, dashes and cut-off
 * ellipses.
 */
export function latin1Html(html: string): string {
  return latin1Only(html)
    ? html
    : heldOneByte(html.replace(EVERY_BEYOND_LATIN1, (c) => `&#${c.codePointAt(0)};`));
}
