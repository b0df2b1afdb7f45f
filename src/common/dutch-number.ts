/**
 * Numbers as Dutch users write them: a comma before the decimals ("1,5") and, in long numbers, a
 * point or a space between groups of three digits ("120.000", "1.234,5", "120 000"). What could be
 * read two ways is refused rather than guessed: "1.5" (an English decimal point, or a mistyped
 * group?) and "1,000" (one with three decimals, or an English thousand?). The one reader for every
 * number a person types into a form.
 */
export type DutchNumber =
  | { value: number }
  /** `number`: not a number as people write one; `ambiguous`: could mean two different numbers. */
  | { problem: 'number' | 'ambiguous' };

const PLAIN = /^\d+(,\d+)?$/;
/** Groups of three after the first one to three digits, all separated the same way. */
const GROUPED = /^\d{1,3}((\.\d{3})+|( \d{3})+)(,\d+)?$/;
/** A point or comma followed by exactly three digits, with nothing else to tell which it is. */
const AMBIGUOUS = /^[1-9]\d{0,2}[.,]\d{3}$/;

export function parseDutchNumber(input: string): DutchNumber {
  // A no-break or narrow space is what a word processor or a phone puts between groups.
  const text = input.trim().replace(/[\u00a0\u202f]/g, ' ');
  const negative = text.startsWith('-');
  const body = negative ? text.slice(1) : text;
  let digits: string;
  if (PLAIN.test(body)) {
    // "1,000" has a comma and three decimals: a Dutch one, or an English thousand.
    if (AMBIGUOUS.test(body)) return { problem: 'ambiguous' };
    digits = body;
  } else if (GROUPED.test(body)) {
    digits = body.replace(/[. ]/g, '');
  } else {
    // A point that does not separate groups of three is a decimal point from another language.
    return /^\d+\.\d+$/.test(body) ? { problem: 'ambiguous' } : { problem: 'number' };
  }
  const [whole] = digits.split(',');
  // Beyond 15 digits a double no longer holds every whole number: refused, not rounded.
  if (whole.replace(/^0+(?=\d)/, '').length > 15) return { problem: 'number' };
  const value = Number(digits.replace(',', '.'));
  return { value: negative && value !== 0 ? -value : value };
}

/**
 * For `@Transform` on a DTO's number field that people type into a form: the number the text says
 * as Dutch users write it, or the text unchanged for the field's validators to refuse. A number
 * already (a JSON body) passes as it is.
 */
export function typedNumber({ value }: { value: unknown }): unknown {
  if (typeof value !== 'string') return value;
  const read = parseDutchNumber(value);
  return 'value' in read ? read.value : value;
}
