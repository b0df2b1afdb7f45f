import { isHeldOneByte } from '../../test/support/one-byte';
import { heldOneByte, latin1Only, oneByteIfLatin1 } from './one-byte';

describe('one byte a character', () => {
  // Decoded as a card's text is, with a character beyond Latin-1: held two bytes a character, and
  // so is a slice of it (on Node 24 only one of 13 characters or more: shorter ones are copied).
  const wide = Buffer.from('een-langere-slug één café en thee, ‘zorg’…').toString('utf8');
  const slug = wide.slice(0, 'een-langere-slug'.length);
  const latin = wide.slice(wide.indexOf('één'), wide.indexOf(','));

  it('can tell how V8 holds a string (the probe the other tests rely on)', () => {
    expect(isHeldOneByte('een-langere-slug')).toBe(true);
    expect(isHeldOneByte('één')).toBe(true);
    expect(isHeldOneByte('‘zorg’')).toBe(false);
    expect([slug, latin]).toEqual(['een-langere-slug', 'één café en thee']);
    expect(isHeldOneByte(slug)).toBe(false);
    expect(isHeldOneByte(latin)).toBe(false);
  });

  it('holds Latin-1 text one byte a character, whatever it was cut from', () => {
    expect(heldOneByte(slug)).toBe('een-langere-slug');
    expect(isHeldOneByte(heldOneByte(slug))).toBe(true);
    expect(heldOneByte(latin)).toBe('één café en thee');
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
