import { safeNext } from './auth.controller';

describe('safeNext', () => {
  it('follows a path on this site', () => {
    expect(safeNext('/account/tokens?x=1')).toBe('/account/tokens?x=1');
  });

  it('refuses other sites, protocol-relative and backslash tricks', () => {
    for (const bad of [
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      'javascript:alert(1)',
      '',
      undefined,
      42,
    ]) {
      expect(safeNext(bad)).toBeUndefined();
    }
  });
});
