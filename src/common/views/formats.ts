import type { Language } from '../../i18n/i18n';

/**
 * Dates, times, months and numbers as Dutch (and English) readers write them: "30 november
 * 2026", "14:05 CET", "maart 2026", "1.234". Every page shows them through these functions, by the
 * view helpers `date`, `dateTime`, `time`, `month` and `number` or from a page model.
 *
 * A moment (a Date, or an ISO timestamp) is shown in the Netherlands' time zone with the zone's
 * name, since the server's own zone says nothing to a reader. A calendar date (`2026-11-30`, a due
 * date) or month (`2026-03`) is no moment: it is shown as written, never shifted by a zone.
 */
export const TIME_ZONE = 'Europe/Amsterdam';

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;
const CALENDAR_MONTH = /^(\d{4})-(\d{2})$/;

type Style = 'date' | 'dateTime' | 'time' | 'calendarDate' | 'month';

const OPTIONS: Record<Style, Intl.DateTimeFormatOptions> = {
  date: { timeZone: TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric' },
  dateTime: {
    timeZone: TIME_ZONE,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  },
  time: { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', timeZoneName: 'short' },
  calendarDate: { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' },
  month: { timeZone: 'UTC', month: 'long', year: 'numeric' },
};

/** Making an Intl.DateTimeFormat costs far more than using one: one per language and style. */
const FORMATS = new Map<string, Intl.DateTimeFormat>();
function format(lang: Language, style: Style): Intl.DateTimeFormat {
  const key = `${lang}:${style}`;
  let found = FORMATS.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale(lang), OPTIONS[style]);
    FORMATS.set(key, found);
  }
  return found;
}

export function locale(lang: Language): string {
  return lang === 'nl' ? 'nl-NL' : 'en-GB';
}

function moment(value: unknown): Date | null {
  const date =
    value instanceof Date ? value : typeof value === 'string' && value ? new Date(value) : null;
  return date && !Number.isNaN(date.getTime()) ? date : null;
}

/** "30 november 2026": a calendar date as written, a moment on its day in the Netherlands. */
export function formatDate(lang: Language, value: unknown): string {
  if (typeof value === 'string' && CALENDAR_DATE.test(value)) {
    const day = moment(`${value}T00:00:00Z`);
    return day ? format(lang, 'calendarDate').format(day) : value;
  }
  const date = moment(value);
  if (!date) return '';
  if (date.getTime() < WHOLE_HOURS_FROM) return format(lang, 'date').format(date);
  const hour = Math.floor(date.getTime() / HOUR);
  const known = DAYS_BY_HOUR[lang];
  let text = known.get(hour);
  if (text === undefined) {
    text = format(lang, 'date').format(date);
    if (known.size >= DAYS_MAX) known.clear();
    known.set(hour, text);
  }
  return text;
}

/**
 * A moment's day by its hour in UTC: since 16 May 1940 the Netherlands have been a whole number
 * of hours from UTC, in summer and in winter, and change over on the hour, so all moments of one
 * UTC hour fall on one day there. (Before, Amsterdam time was 19 or 20 minutes off the hour; the
 * time zone data Node carries counts those years as Brussels time, but other data need not.) A
 * results page shows 25 dates; formatting one took about a microsecond, a lookup a twentieth of
 * that. Started over at the limit.
 */
const WHOLE_HOURS_FROM = Date.UTC(1940, 4, 16);
const HOUR = 3_600_000;
const DAYS_BY_HOUR: Record<Language, Map<number, string>> = { nl: new Map(), en: new Map() };
const DAYS_MAX = 10_000;

/** "30 november 2026 om 14:05 CET". */
export function formatDateTime(lang: Language, value: unknown): string {
  const date = moment(value);
  return date ? format(lang, 'dateTime').format(date) : '';
}

/** "14:05 CET" (or CEST in summer). */
export function formatTime(lang: Language, value: unknown): string {
  const date = moment(value);
  return date ? format(lang, 'time').format(date) : '';
}

/** "maart 2026" for 2026-03; anything else as it is. */
export function formatMonth(lang: Language, value: unknown): string {
  if (typeof value !== 'string') return '';
  const m = CALENDAR_MONTH.exec(value);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) return value;
  return format(lang, 'month').format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)));
}

/** "1.234" in Dutch, "1,234" in English. */
export function formatNumber(lang: Language, n: number): string {
  let found = NUMBER_FORMATS.get(lang);
  if (!found) {
    found = new Intl.NumberFormat(locale(lang));
    NUMBER_FORMATS.set(lang, found);
  }
  return found.format(n);
}
const NUMBER_FORMATS = new Map<Language, Intl.NumberFormat>();
