import { nestsDeeperThan } from './json-body';

const deeper = (json: string, max: number) => nestsDeeperThan(Buffer.from(json, 'utf8'), max);
const nested = (levels: number) => '{"a":['.repeat(levels / 2) + '1' + ']}'.repeat(levels / 2);

describe('nestsDeeperThan', () => {
  it('counts arrays and objects alike, up to the limit and one past it', () => {
    expect(deeper(nested(32), 32)).toBe(false);
    expect(deeper(nested(34), 32)).toBe(true);
    expect(deeper('['.repeat(33) + ']'.repeat(33), 32)).toBe(true);
    expect(deeper('1', 0)).toBe(false);
    expect(deeper('[]', 0)).toBe(true);
  });

  it('measures depth, not the number of brackets side by side', () => {
    expect(deeper(`[${'[],'.repeat(1000)}[]]`, 2)).toBe(false);
  });

  it('does not count brackets inside strings, also after escaped quotes and backslashes', () => {
    expect(deeper(JSON.stringify({ a: '[[[[{{{{' }), 1)).toBe(false);
    expect(deeper(JSON.stringify({ a: 'say "[[[["', b: '\\', c: '\\"[[' }), 1)).toBe(false);
    expect(deeper(JSON.stringify(['\\', [['x']]]), 2)).toBe(true);
  });

  it('is not confused by multi-byte characters', () => {
    expect(deeper(JSON.stringify({ 'naïef ✓ 😀': ['é'] }), 2)).toBe(false);
    expect(deeper(JSON.stringify({ '😀': [['é']] }), 2)).toBe(true);
  });
});
