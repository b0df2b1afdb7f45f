/** The date `months` after `from`, as YYYY-MM-DD; a day that month lacks becomes its last day (31 Jan + 1 = 28/29 Feb). */
export function addMonths(from: Date, months: number): string {
  const year = from.getUTCFullYear();
  const month = from.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const date = new Date(Date.UTC(year, month, Math.min(from.getUTCDate(), lastDay)));
  return date.toISOString().slice(0, 10);
}

export function today(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** The date `days` after `from`, as YYYY-MM-DD. */
export function addDays(from: Date, days: number): string {
  return new Date(from.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}
