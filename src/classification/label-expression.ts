/**
 * The conditions of a decision tree's redirects: `"aanbieder" in labels && !("hoog-risico AI" in
 * labels)`. The national file writes them as JavaScript-like expressions; Waarborg reads them with
 * this small grammar of its own and never hands them to an evaluator of code:
 *
 *   or      := and ( "||" and )*
 *   and     := unary ( "&&" unary )*
 *   unary   := "!" unary | primary
 *   primary := "(" or ")" | STRING "in" "labels"
 *
 * A STRING is quoted with " or ', with \ before a quote or a backslash inside it. `!` binds
 * tightest, then `&&`, then `||`, as in the language the national file borrows its notation from.
 */

export type LabelExpression =
  | { kind: 'has'; label: string }
  | { kind: 'not'; operand: LabelExpression }
  | { kind: 'and'; left: LabelExpression; right: LabelExpression }
  | { kind: 'or'; left: LabelExpression; right: LabelExpression };

/** Why an expression was refused, for a message key under classification.expression.*. */
export type ExpressionProblem =
  | 'empty'
  | 'tooLong'
  | 'tooDeep'
  | 'unexpectedCharacter'
  | 'unterminatedString'
  | 'badEscape'
  | 'expectedLabel'
  | 'expectedIn'
  | 'expectedLabels'
  | 'expectedClose'
  | 'unexpectedEnd'
  | 'unexpectedToken';

/** An expression that cannot be read: what is wrong and where (1-based column). */
export class ExpressionError extends Error {
  constructor(
    readonly problem: ExpressionProblem,
    readonly column: number,
    readonly found?: string,
  ) {
    super(`${problem} at column ${column}${found === undefined ? '' : ` (found ${found})`}`);
    this.name = 'ExpressionError';
  }
}

/** Longer than any real condition (the national file's longest has some 150 characters). */
export const MAX_EXPRESSION_LENGTH = 2000;
/** Nesting of parentheses and negations; recursion stays far from the stack's limit. */
export const MAX_EXPRESSION_DEPTH = 50;

type Token =
  | { type: 'string'; value: string; column: number }
  | { type: 'word'; value: string; column: number }
  | { type: '&&' | '||' | '!' | '(' | ')'; column: number };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    const column = i + 1;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '"' || ch === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= source.length) throw new ExpressionError('unterminatedString', column);
        const c = source[i];
        if (c === ch) break;
        if (c === '\\') {
          const next = source[i + 1];
          if (next !== '\\' && next !== '"' && next !== "'")
            throw new ExpressionError('badEscape', i + 1);
          value += next;
          i += 2;
        } else {
          value += c;
          i++;
        }
      }
      i++;
      tokens.push({ type: 'string', value, column });
    } else if (source.startsWith('&&', i) || source.startsWith('||', i)) {
      tokens.push({ type: source.slice(i, i + 2) as '&&' | '||', column });
      i += 2;
    } else if (ch === '!' || ch === '(' || ch === ')') {
      tokens.push({ type: ch, column });
      i++;
    } else if (/[A-Za-z_]/.test(ch)) {
      const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i))![0];
      tokens.push({ type: 'word', value: word, column });
      i += word.length;
    } else {
      throw new ExpressionError('unexpectedCharacter', column, ch);
    }
  }
  return tokens;
}

function describeToken(token: Token): string {
  if (token.type === 'string') return JSON.stringify(token.value);
  if (token.type === 'word') return token.value;
  return token.type;
}

/** Reads an expression into its tree; throws ExpressionError naming the column of the mistake. */
export function parseLabelExpression(source: string): LabelExpression {
  if (source.length > MAX_EXPRESSION_LENGTH)
    throw new ExpressionError('tooLong', MAX_EXPRESSION_LENGTH + 1);
  const tokens = tokenize(source);
  if (tokens.length === 0) throw new ExpressionError('empty', 1);
  let pos = 0;
  const end = source.length + 1;
  const peek = (): Token | undefined => tokens[pos];
  const fail = (expected: ExpressionProblem): never => {
    const token = peek();
    if (!token)
      throw new ExpressionError(expected === 'unexpectedToken' ? 'unexpectedEnd' : expected, end);
    throw new ExpressionError(expected, token.column, describeToken(token));
  };

  function or(depth: number): LabelExpression {
    let left = and(depth);
    while (peek()?.type === '||') {
      pos++;
      left = { kind: 'or', left, right: and(depth) };
    }
    return left;
  }

  function and(depth: number): LabelExpression {
    let left = unary(depth);
    while (peek()?.type === '&&') {
      pos++;
      left = { kind: 'and', left, right: unary(depth) };
    }
    return left;
  }

  function unary(depth: number): LabelExpression {
    if (depth > MAX_EXPRESSION_DEPTH) throw new ExpressionError('tooDeep', peek()?.column ?? end);
    if (peek()?.type === '!') {
      pos++;
      return { kind: 'not', operand: unary(depth + 1) };
    }
    return primary(depth);
  }

  function primary(depth: number): LabelExpression {
    const token = peek();
    if (token?.type === '(') {
      pos++;
      const inner = or(depth + 1);
      if (peek()?.type !== ')') fail('expectedClose');
      pos++;
      return inner;
    }
    if (token?.type !== 'string') return fail('expectedLabel');
    pos++;
    if (!isWord(peek(), 'in')) fail('expectedIn');
    pos++;
    if (!isWord(peek(), 'labels')) fail('expectedLabels');
    pos++;
    return { kind: 'has', label: token.value };
  }

  const tree = or(0);
  if (pos < tokens.length) fail('unexpectedToken');
  return tree;
}

function isWord(token: Token | undefined, word: string): boolean {
  return token?.type === 'word' && token.value === word;
}

/** Whether the labels gathered so far satisfy the expression. */
export function evaluateLabelExpression(
  expression: LabelExpression,
  labels: ReadonlySet<string>,
): boolean {
  switch (expression.kind) {
    case 'has':
      return labels.has(expression.label);
    case 'not':
      return !evaluateLabelExpression(expression.operand, labels);
    case 'and':
      return (
        evaluateLabelExpression(expression.left, labels) &&
        evaluateLabelExpression(expression.right, labels)
      );
    case 'or':
      return (
        evaluateLabelExpression(expression.left, labels) ||
        evaluateLabelExpression(expression.right, labels)
      );
  }
}

/** The labels an expression tests, to check that some answer gives each of them. */
export function testedLabels(expression: LabelExpression): string[] {
  switch (expression.kind) {
    case 'has':
      return [expression.label];
    case 'not':
      return testedLabels(expression.operand);
    case 'and':
    case 'or':
      return [...testedLabels(expression.left), ...testedLabels(expression.right)];
  }
}
