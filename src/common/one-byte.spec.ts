import { isHeldOneByte } from '../../test/support/one-byte';
import { heldOneByte, latin1Only, oneByteIfLatin1 } from './one-byte';

describe('one byte a character', () => {
  // A slice of a text with a character beyond Latin-1 is held as that text is.
  const wide = 'abc-slug-12 één, ‘zorg’…';
  const slug = wide.slice(0, 11);

  it('can tell how V8 holds a string (the probe the other tests rely on)', () => {
    expect(isHeldOneByte('abc-slug-12')).toBe(true);
    expect(isHeldOneByte('één')).toBe(true);
    expect(isHeldOneByte('‘zorg’')).toBe(false);
    expect(slug).toBe('abc-slug-12');
    expect(isHeldOneByte(slug)).toBe(false);
  });

  it('holds Latin-1 text one byte a character, whatever it was cut from', () => {
    expect(heldOneByte(slug)).toBe('abc-slug-12');
    expect(isHeldOneByte(heldOneByte(slug))).toBe(true);
    const latin = wide.slice(12, 15);
    expect(heldOneByte(latin)).toBe('één');
    expect(isHeldOneByte(heldOneByte(latin))).toBe(true);
  });

  it('leaves text with characters beyond Latin-1 as it is', () => {
    expect(latin1Only(wide)).toBe(false);
    expect(latin1Only('één café')).toBe(true);
    expect(oneByteIfLatin1(wide)).toBe(wide);
    expect(oneByteIfLatin1('🚲')).toBe('🚲');
    expect(isHeldOneByte(oneByteIfLatin1(slug))).toBe(true);
  });
});
