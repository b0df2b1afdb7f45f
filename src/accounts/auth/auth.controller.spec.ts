import { safeNext } from './safe-next';

describe('safeNext', () => {
  it('follows a path on this site', () => {
    expect(safeNext('/account/tokens?x=1')).toBe('/account/tokens?x=1');
  });

  it('keeps percent-encoded characters, which browsers do not decode when they follow it', () => {
    expect(safeNext('/%09/evil.example/x?q=%E3%80%80')).toBe('/%09/evil.example/x?q=%E3%80%80');
  });

  it('refuses other sites, protocol-relative and backslash tricks', () => {
    for (const bad of [
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      '/account\\..\\evil.example',
      'javascript:alert(1)',
      '',
      undefined,
      42,
      ['/account'],
    ]) {
      expect(safeNext(bad)).toBeUndefined();
    }
  });

  it('refuses control characters, spaces and non-ASCII, which browsers drop or headers cannot carry', () => {
    for (const bad of [
      '/\t/evil.example/x',
      '/\n/evil.example/x',
      '/\r/evil.example/x',
      '/account\r\nSet-Cookie: x=1',
      '/account\u0000',
      '/account\u007f',
      '/account\u0085',
      '/\u3000/evil.example',
      '/ /evil.example',
      '/rapportage/ü',
    ]) {
      expect(safeNext(bad)).toBeUndefined();
    }
  });
});
