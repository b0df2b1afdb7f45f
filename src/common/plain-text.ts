/**
 * Plain words of a text that may hold the allowed HTML, for the search index and the result
 * cards: an inline tag (bold, a link) goes without a trace, any other tag is a space.
 */
export function plainText(value: unknown): string {
  if (typeof value !== 'string') return '';
  return value
    .replace(/<\/?(?:strong|em|b|i|a)\b[^>]*>/gi, '')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A text of at most `maxLength` characters: whole if it fits, otherwise up to the last word that
 * fits, with an ellipsis (a single word longer than that is cut inside it).
 */
export function cutAtWord(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const cut = text.slice(0, maxLength - 1);
  const word = cut.replace(/\s+\S*$/, '');
  return `${word || cut}…`;
}
