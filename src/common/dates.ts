/** True for a YYYY-MM-DD that exists in the calendar (no 30 February). */
export function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value);
}

/** Month names and their usual abbreviations, Dutch and English, to their number. */
const MONTH_NAMES = new Map<string, number>();
[
  ['januari', 'jan', 'january'],
  ['februari', 'feb', 'february'],
  ['maart', 'mrt', 'mar', 'march'],
  ['april', 'apr'],
  ['mei', 'may'],
  ['juni', 'jun', 'june'],
  ['juli', 'jul', 'july'],
  ['augustus', 'aug', 'august'],
  ['september', 'sep', 'sept'],
  ['oktober', 'okt', 'oct', 'october'],
  ['november', 'nov'],
  ['december', 'dec'],
].forEach((names, i) => names.forEach((name) => MONTH_NAMES.set(name, i + 1)));

/**
 * A month as people type it where a browser shows no month picker: "2026-03", "03-2026",
 * "3/2026", "maart 2026", "mrt. 2026", "March 2026". The month as YYYY-MM, or undefined for
 * anything else (which the form then refuses, keeping what was typed).
 */
export function readMonth(text: string): string | undefined {
  const value = text.trim().toLowerCase();
  let year: number | undefined;
  let month: number | undefined;
  let m = /^(\d{4})\s*[-/.\s]\s*(\d{1,2})$/.exec(value);
  if (m) [year, month] = [Number(m[1]), Number(m[2])];
  else if ((m = /^(\d{1,2})\s*[-/.\s]\s*(\d{4})$/.exec(value)))
    [year, month] = [Number(m[2]), Number(m[1])];
  else if ((m = /^([a-z]+)\.?\s+(\d{4})$/.exec(value)))
    [year, month] = [Number(m[2]), MONTH_NAMES.get(m[1])];
  if (!year || !month || month < 1 || month > 12) return undefined;
  return `${year}-${String(month).padStart(2, '0')}`;
}
