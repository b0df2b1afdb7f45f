import {
  evaluateLabelExpression,
  ExpressionError,
  MAX_EXPRESSION_DEPTH,
  parseLabelExpression,
  testedLabels,
} from './label-expression';

const holds = (source: string, ...labels: string[]) =>
  evaluateLabelExpression(parseLabelExpression(source), new Set(labels));

function refusal(source: string): { problem: string; column: number; found?: string } {
  try {
    parseLabelExpression(source);
  } catch (err) {
    if (!(err instanceof ExpressionError)) throw err;
    return { problem: err.problem, column: err.column, found: err.found };
  }
  throw new Error(`"${source}" was accepted`);
}

describe('label expressions', () => {
  it('test whether a label was given', () => {
    expect(holds('"aanbieder" in labels', 'aanbieder')).toBe(true);
    expect(holds('"aanbieder" in labels', 'gebruiksverantwoordelijke')).toBe(false);
    expect(holds("'hoog-risico AI' in labels", 'hoog-risico AI')).toBe(true);
  });

  it('compare labels exactly, with spaces and case as written', () => {
    expect(holds('"hoog-risico AI" in labels', 'hoog-risico ai')).toBe(false);
    expect(holds('"hoog-risico AI" in labels', 'geen hoog-risico AI')).toBe(false);
  });

  it('bind ! before && before ||', () => {
    // a || b && c is a || (b && c): true with only a.
    expect(holds('"a" in labels || "b" in labels && "c" in labels', 'a')).toBe(true);
    // !a && b is (!a) && b: false with a and b.
    expect(holds('!"a" in labels && "b" in labels', 'a', 'b')).toBe(false);
    expect(holds('!"a" in labels && "b" in labels', 'b')).toBe(true);
    // a && b || c is (a && b) || c: true with only c.
    expect(holds('"a" in labels && "b" in labels || "c" in labels', 'c')).toBe(true);
  });

  it('follow parentheses over precedence', () => {
    const source = '("a" in labels || "b" in labels) && "c" in labels';
    expect(holds(source, 'a')).toBe(false);
    expect(holds(source, 'a', 'c')).toBe(true);
    expect(holds('!("a" in labels || "b" in labels)', 'b')).toBe(false);
    expect(holds('!("a" in labels || "b" in labels)')).toBe(true);
    expect(holds('!!("a" in labels)', 'a')).toBe(true);
  });

  it('read the national file’s longest kind of condition', () => {
    const source =
      '!("open-source" in labels) && !("geen open-source" in labels) && !("hoog-risico AI" in labels)';
    expect(holds(source, 'aanbieder')).toBe(true);
    expect(holds(source, 'aanbieder', 'open-source')).toBe(false);
    expect(testedLabels(parseLabelExpression(source))).toEqual([
      'open-source',
      'geen open-source',
      'hoog-risico AI',
    ]);
  });

  it('read escaped quotes and backslashes inside a label', () => {
    expect(holds('"say \\"hi\\"" in labels', 'say "hi"')).toBe(true);
    expect(holds('"a\\\\b" in labels', 'a\\b')).toBe(true);
  });

  it('refuse malformed input, naming the column', () => {
    expect(refusal('')).toEqual({ problem: 'empty', column: 1, found: undefined });
    expect(refusal('   ')).toMatchObject({ problem: 'empty' });
    expect(refusal('"a" in labels &&')).toEqual({
      problem: 'expectedLabel',
      column: 17,
      found: undefined,
    });
    expect(refusal('"a" in labels & "b" in labels')).toEqual({
      problem: 'unexpectedCharacter',
      column: 15,
      found: '&',
    });
    expect(refusal('"a in labels')).toMatchObject({ problem: 'unterminatedString', column: 1 });
    expect(refusal('"a" labels')).toEqual({ problem: 'expectedIn', column: 5, found: 'labels' });
    expect(refusal('"a" in lables')).toEqual({
      problem: 'expectedLabels',
      column: 8,
      found: 'lables',
    });
    expect(refusal('("a" in labels')).toMatchObject({ problem: 'expectedClose', column: 15 });
    expect(refusal('"a" in labels)')).toEqual({
      problem: 'unexpectedToken',
      column: 14,
      found: ')',
    });
    expect(refusal('"a" in labels "b" in labels')).toMatchObject({
      problem: 'unexpectedToken',
      column: 15,
    });
    expect(refusal('a in labels')).toEqual({ problem: 'expectedLabel', column: 1, found: 'a' });
    expect(refusal('"a\\n" in labels')).toMatchObject({ problem: 'badEscape', column: 3 });
  });

  it('refuse code, which it never runs', () => {
    expect(refusal('process.exit(1)')).toMatchObject({ problem: 'unexpectedCharacter' });
    expect(refusal('labels.includes("a")')).toEqual({
      problem: 'unexpectedCharacter',
      column: 7,
      found: '.',
    });
    expect(refusal('labels')).toEqual({ problem: 'expectedLabel', column: 1, found: 'labels' });
    expect(refusal('"a" in labels; globalThis.x = 1')).toMatchObject({
      problem: 'unexpectedCharacter',
      column: 14,
    });
    expect(refusal('`a` in labels')).toMatchObject({ problem: 'unexpectedCharacter', column: 1 });
  });

  it('refuse nesting deeper than the limit, and overlong input, without running out of stack', () => {
    const deep = `${'('.repeat(MAX_EXPRESSION_DEPTH + 2)}"a" in labels${')'.repeat(MAX_EXPRESSION_DEPTH + 2)}`;
    expect(refusal(deep)).toMatchObject({ problem: 'tooDeep' });
    expect(refusal('!'.repeat(MAX_EXPRESSION_DEPTH + 2) + '"a" in labels')).toMatchObject({
      problem: 'tooDeep',
    });
    expect(refusal(`"${'x'.repeat(3000)}" in labels`)).toMatchObject({ problem: 'tooLong' });
  });
});
