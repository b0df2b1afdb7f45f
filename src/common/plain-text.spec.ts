import { cutAtWord, plainText } from './plain-text';

describe('plainText', () => {
  it('drops inline tags without a trace and makes other tags and runs of white space one space', () => {
    expect(plainText('<p>Plant de <b>capa</b>citeit.</p><ul><li>Een</li><li>Twee</li></ul>')).toBe(
      'Plant de capaciteit. Een Twee',
    );
    expect(plainText('Zie <a href="https://example.org">de site</a>&nbsp;&amp; meer')).toBe(
      'Zie de site & meer',
    );
    expect(plainText(undefined)).toBe('');
  });
});

describe('cutAtWord', () => {
  it('keeps a text that fits and otherwise ends at the last whole word, with an ellipsis', () => {
    expect(cutAtWord('Kort genoeg', 11)).toBe('Kort genoeg');
    expect(cutAtWord('Een heel lang antwoord', 12)).toBe('Een heel…');
    expect(cutAtWord('Een heel lang antwoord', 12).length).toBeLessThanOrEqual(12);
    // One word longer than the limit is cut inside it.
    expect(cutAtWord('Schuldhulpverlening', 8)).toBe('Schuldh…');
  });
});
