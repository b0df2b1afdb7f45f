import {
  isSealed,
  MAX_SEALED_PLAIN,
  open,
  seal,
  secretsKey,
  SecretUnreadableError,
} from './secret-box';

describe('sealed secrets', () => {
  const key = secretsKey('the session secret of this installation');

  it('opens what it sealed, and seals the same value differently each time', () => {
    const a = seal('client-secret', key);
    const b = seal('client-secret', key);
    expect(a).not.toBe(b);
    expect(a).not.toContain('client-secret');
    expect(isSealed(a)).toBe(true);
    expect(open(a, key)).toBe('client-secret');
    expect(open(b, key)).toBe('client-secret');
  });

  it('reads a value stored before sealing existed as it is', () => {
    expect(open('plain-secret', key)).toBe('plain-secret');
    expect(isSealed('plain-secret')).toBe(false);
  });

  it('refuses a value sealed under another session secret, altered, or cut short', () => {
    const sealed = seal('client-secret', key);
    expect(() => open(sealed, secretsKey('another installation'))).toThrow(SecretUnreadableError);
    // One bit of the ciphertext flipped (the last base64 character may only carry padding bits).
    const raw = Buffer.from(sealed.slice('sealed:v1:'.length), 'base64url');
    raw[raw.length - 1] ^= 1;
    const altered = `sealed:v1:${raw.toString('base64url')}`;
    expect(() => open(altered, key)).toThrow(SecretUnreadableError);
    expect(() => open('sealed:v1:abc', key)).toThrow(SecretUnreadableError);
  });

  it('keeps the longest allowed secret within the 500-character column', () => {
    expect(seal('x'.repeat(MAX_SEALED_PLAIN), key).length).toBeLessThanOrEqual(500);
  });
});
