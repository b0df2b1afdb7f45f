import { isHeldOneByte } from '../../test/support/one-byte';
import { highlight } from './rich-text';

describe('highlight', () => {
  it('marks every word that begins with a searched word, whatever its case', () => {
    expect(highlight('Parkeervergunningen en parkeerplaats; PARKEER!', ['parkeer'])).toBe(
      '<mark>Parkeervergunningen</mark> en <mark>parkeerplaats</mark>; <mark>PARKEER</mark>!',
    );
  });

  it('leaves a searched word inside another word unmarked', () => {
    expect(highlight('Afvalcontainers en restafval', ['afval'])).toBe(
      '<mark>Afvalcontainers</mark> en restafval',
    );
  });

  it('marks several searched words in the order they occur', () => {
    expect(highlight('Zorg voor water, waterzorg en zorgwater', ['water', 'zorg'])).toBe(
      '<mark>Zorg</mark> voor <mark>water</mark>, <mark>waterzorg</mark> en <mark>zorgwater</mark>',
    );
  });

  it('treats letters with accents and digits as part of a word', () => {
    expect(highlight('Één café2024 en ééncafé', ['één', 'café'])).toBe(
      '<mark>Één</mark> <mark>café2024</mark> en <mark>ééncafé</mark>',
    );
  });

  it('escapes the text around and inside the marks', () => {
    expect(highlight('<b>"afval"</b> & afval<script>', ['afval'])).toBe(
      '&lt;b&gt;&quot;<mark>afval</mark>&quot;&lt;/b&gt; &amp; <mark>afval</mark>&lt;script&gt;',
    );
  });

  it('keeps the text as it is where lower case changes its length', () => {
    expect(highlight('İstanbul istanbul', ['istanbul'])).toBe(
      '&#304;stanbul <mark>istanbul</mark>',
    );
  });

  it('marks a word once when two searched words begin it', () => {
    expect(highlight('Parkeervergunning', ['parkeer', 'park'])).toBe(
      '<mark>Parkeervergunning</mark>',
    );
  });

  it('writes characters beyond Latin-1 as references, so that a page stays one byte a character', () => {
    const html = highlight('‘Zorg’ – één… 😀', ['zorg']);
    expect(html).toBe('&#8216;<mark>Zorg</mark>&#8217; &#8211; één&#8230; &#128512;');
    expect(highlight('Één… ', [])).toBe('Één&#8230; ');
  });

  it('gives HTML held one byte a character, also for a text that was held two', () => {
    // What String.replace returns is held as the text it replaced in was: two bytes.
    for (const tokens of [[], ['zorg'], ['geen']]) {
      const html = highlight('‘Zorg’ – één…', tokens);
      expect(isHeldOneByte(html)).toBe(true);
    }
  });

  it('returns the escaped text when nothing was searched', () => {
    expect(highlight('a < b', [])).toBe('a &lt; b');
  });
});
