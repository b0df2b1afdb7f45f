import { JsonDepthGauge, nestsDeeperThan } from './json-body';

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

  it('reads text in chunks cut anywhere, within a string, an escape or a character', () => {
    const text = Buffer.from(JSON.stringify({ '😀"[': ['\\', '"[['], b: [[1]] }), 'utf8');
    for (const [max, deeper] of [
      [3, false],
      [2, true],
    ] as const) {
      for (let size = 1; size <= 4; size++) {
        const gauge = new JsonDepthGauge(max);
        let found = false;
        for (let i = 0; i < text.length; i += size)
          found = gauge.tooDeep(text.subarray(i, i + size)) || found;
        expect([max, size, found]).toEqual([max, size, deeper]);
      }
    }
  });
});
