import { TIME_ZONE } from '../common/views/formats';

/** Today's date in the Netherlands, YYYY-MM-DD: a resident's "today" is Dutch, not UTC. */
function dutchDate(moment: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(moment);
}

/**
 * The date `days` working days after the day of `moment` (in the Netherlands), YYYY-MM-DD.
 * Working days are Monday to Friday; public holidays are not counted out (they differ per
 * organisation and year, and no list of them is kept), so a term over Easter or Christmas ends a
 * day or two early rather than late.
 */
export function addWorkingDays(moment: Date, days: number): string {
  const date = new Date(`${dutchDate(moment)}T00:00:00Z`);
  let left = days;
  while (left > 0) {
    date.setUTCDate(date.getUTCDate() + 1);
    const weekday = date.getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return date.toISOString().slice(0, 10);
}
