/** The daily jobs keep Dutch time: a municipality expects "03:00" to mean 03:00 in the Netherlands. */
export const SCHEDULER_TIME_ZONE = 'Europe/Amsterdam';

const localParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: SCHEDULER_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The date (YYYY-MM-DD) and time of day (HH:MM) that a clock in the Netherlands shows at `at`. */
export function amsterdamClock(at: Date): { date: string; time: string } {
  const part = Object.fromEntries(localParts.formatToParts(at).map((p) => [p.type, p.value]));
  return { date: `${part.year}-${part.month}-${part.day}`, time: `${part.hour}:${part.minute}` };
}

/**
 * The day whose run is due at `at`: today once the clock has passed `dailyAt` (HH:MM), yesterday
 * before that. A run missed while every instance was down is therefore made up at the next start,
 * and an instance started at 01:00 does not run tomorrow's jobs early. Comparing the clock's
 * reading also covers the changes to and from summer time: on the day 02:30 does not exist, a run
 * set for it starts at 03:00; on the day 02:30 comes twice, the day's run has happened by the
 * second time.
 */
export function runDayAt(at: Date, dailyAt: string): string {
  const { date, time } = amsterdamClock(at);
  return time >= dailyAt ? date : previousDay(date);
}

function previousDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}
