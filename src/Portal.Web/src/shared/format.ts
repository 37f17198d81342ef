import type { Lang } from './i18n/language';
import { msgKey, type Translate } from './i18n/translate';

const MINUTES_PER_HOUR = 60;
const MINUTES_PER_DAY = 24 * MINUTES_PER_HOUR;

type Unit = 'seconds' | 'minutes' | 'hours' | 'days';

const UNIT_KEYS: Record<Unit, { one: string; other: string }> = {
  seconds: { one: msgKey('duration.seconds.one'), other: msgKey('duration.seconds.other') },
  minutes: { one: msgKey('duration.minutes.one'), other: msgKey('duration.minutes.other') },
  hours: { one: msgKey('duration.hours.one'), other: msgKey('duration.hours.other') },
  days: { one: msgKey('duration.days.one'), other: msgKey('duration.days.other') },
};

function formatCount(count: number, unit: Unit, lang: Lang, t: Translate): string {
  const number = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(count);
  const rounded = Number(count.toFixed(1));
  const plural = new Intl.PluralRules(lang).select(rounded) === 'one' ? 'one' : 'other';
  return t(UNIT_KEYS[unit][plural], { count: number });
}

/**
 * A duration given in minutes, as a person says it: minutes under an hour, hours under a day,
 * days from there on (60 -> "1 hour", 720 -> "12 hours", 1440 -> "1 day", 7200 -> "5 days").
 */
export function formatDuration(minutes: number, lang: Lang, t: Translate): string {
  if (minutes < MINUTES_PER_HOUR) {
    return formatCount(minutes, 'minutes', lang, t);
  }
  if (minutes < MINUTES_PER_DAY) {
    return formatCount(minutes / MINUTES_PER_HOUR, 'hours', lang, t);
  }
  return formatCount(minutes / MINUTES_PER_DAY, 'days', lang, t);
}

/** A number of minutes, always in minutes ("1 minute", "90 minutes"). */
export function formatMinutes(minutes: number, lang: Lang, t: Translate): string {
  return formatCount(minutes, 'minutes', lang, t);
}

/** A wait given in seconds (from Retry-After): seconds under a minute, else whole minutes rounded up. */
export function formatWait(seconds: number, lang: Lang, t: Translate): string {
  if (seconds < 60) {
    return formatCount(Math.max(1, Math.ceil(seconds)), 'seconds', lang, t);
  }
  return formatCount(Math.ceil(seconds / 60), 'minutes', lang, t);
}

/** The locale Portal formats dates, times and numbers in for the page's language. */
export const localeOf = (lang: Lang) => (lang === 'fr' ? 'fr-CA' : 'en-CA');

/** The date (no time) of an instant in the page's language, in the given zone (the clinic's), or the browser's when null. */
export function formatDate(value: string, lang: Lang, timeZone: string | null = null): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    return value;
  }
  return new Intl.DateTimeFormat(localeOf(lang), { dateStyle: 'long', timeZone: timeZone ?? undefined }).format(date);
}

/**
 * The date and time of an instant in the page's language, in the given zone (the clinic's; the browser's when null).
 * The time is to the minute, followed by the zone's abbreviation when the browser's clock reads otherwise at that
 * instant ("March 1, 2026 at 9:30 a.m. EST" in Tokyo, "March 1, 2026 at 9:30 a.m." in Montréal); 'long' adds the
 * seconds and always the zone, for the moments operators compare (a job's runs, a notification's attempts).
 */
export function formatDateTime(value: string, lang: Lang, timeZone: string | null, timeStyle: 'short' | 'long' = 'short'): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    return value;
  }
  const plain = new Intl.DateTimeFormat(localeOf(lang), { dateStyle: 'long', timeStyle, timeZone: timeZone ?? undefined }).format(date);
  const abbreviation = timeStyle === 'short' ? zoneNameWhereUnclear(value, timeZone, lang) : null;
  return abbreviation ? `${plain} ${abbreviation}` : plain;
}

/**
 * The short name of the zone ("EST", "HNE") an instant is shown in, when the browser's clock reads otherwise at that
 * instant; null when it reads the same (the zone goes without saying), or when there is no zone or instant.
 */
export function zoneNameWhereUnclear(instant: string, timeZone: string | null, lang: Lang): string | null {
  const date = new Date(instant);
  if (!timeZone || Number.isNaN(date.getTime())) {
    return null;
  }
  const wallClock = (zone: string | undefined) =>
    new Intl.DateTimeFormat('en-CA', { dateStyle: 'short', timeStyle: 'short', hourCycle: 'h23', timeZone: zone }).format(date);
  if (wallClock(timeZone) === wallClock(undefined)) {
    return null;
  }
  return (
    new Intl.DateTimeFormat(localeOf(lang), { timeZone, timeZoneName: 'short' }).formatToParts(date).find((part) => part.type === 'timeZoneName')
      ?.value ?? null
  );
}

/**
 * A calendar date without a time ("1984-03-09", a date of birth, a day of the clinic's calendar) in the page's
 * language: "December 7, 2026". Read as the date it names, not as midnight UTC, so that it shows the same day in
 * every time zone.
 */
export function formatCalendarDate(value: string, lang: Lang): string {
  const date = calendarDate(value);
  return date ? new Intl.DateTimeFormat(localeOf(lang), { dateStyle: 'long', timeZone: 'UTC' }).format(date) : value;
}

/** "Monday, December 7" or "lundi 7 décembre": a day of the clinic's calendar ("2026-12-07"). */
export function formatDay(day: string, lang: Lang): string {
  const date = calendarDate(day);
  return date
    ? new Intl.DateTimeFormat(localeOf(lang), { weekday: 'long', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(date)
    : day;
}

/** "Mon, Dec 7" or "lun. 7 déc.": a day of the clinic's calendar, short (a column heading of a week). */
export function formatShortDay(day: string, lang: Lang): string {
  const date = calendarDate(day);
  return date
    ? new Intl.DateTimeFormat(localeOf(lang), { weekday: 'short', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(date)
    : day;
}

/** "yyyy-mm-dd" as midnight UTC of that day, or null. */
function calendarDate(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) {
    return null;
  }
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * A time of day without a date ("21:00", as HH:mm) in the page's language: "9:00 p.m." in English,
 * "21 h 00" in French. Anything else is left as it is.
 */
export function formatClockTime(value: string, lang: Lang): string {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  if (!match) {
    return value;
  }
  return formatMinuteOfDay(Number(match[1]) * 60 + Number(match[2]), lang);
}

/** A time of day given as minutes since midnight (570) in the page's language: "9:30 a.m." or "9 h 30". */
export function formatMinuteOfDay(minute: number, lang: Lang): string {
  return new Intl.DateTimeFormat(localeOf(lang), { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2000, 0, 1, Math.floor(minute / 60), minute % 60)),
  );
}

/** "9:00 a.m." or "9 h 00": the time of day of an instant in the given zone (the clinic's). */
export function formatTime(instant: string, timeZone: string, lang: Lang): string {
  return new Intl.DateTimeFormat(localeOf(lang), { hour: 'numeric', minute: '2-digit', timeZone }).format(new Date(instant));
}

/** A day in full with its time of day: "Monday, December 7, 2026 at 9:00 a.m.". */
export const WEEKDAY_DATE_TIME: Intl.DateTimeFormatOptions = {
  weekday: 'long',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
};

/** The date and time of an instant in the given zone (the clinic's), with the zone: "Monday, December 7, 2026 at 9:00 a.m. EST". */
export function formatWhen(instant: string, timeZone: string, lang: Lang): string {
  return new Intl.DateTimeFormat(localeOf(lang), { ...WEEKDAY_DATE_TIME, timeZoneName: 'short', timeZone }).format(new Date(instant));
}

/**
 * A time zone as people name it, with its identifier: "Eastern Time (America/Toronto)". Just the
 * identifier when the browser has no name for it.
 */
export function formatTimeZone(zone: string, lang: Lang): string {
  try {
    const name = new Intl.DateTimeFormat(localeOf(lang), { timeZone: zone, timeZoneName: 'longGeneric' })
      .formatToParts(new Date())
      .find((part) => part.type === 'timeZoneName')?.value;
    return name && name !== zone ? `${name} (${zone})` : zone;
  } catch {
    return zone;
  }
}

/** A code the page has no name for (a newer server) is shown as "In room" style text rather than hidden. */
export function codeAsText(code: string): string {
  const text = code.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "850 bytes", "12 kB", "3.4 MB" in the page's language. */
export function formatSize(bytes: number, lang: Lang): string {
  const locale = localeOf(lang);
  if (bytes < 1024) {
    return new Intl.NumberFormat(locale, { style: 'unit', unit: 'byte', unitDisplay: 'long' }).format(bytes);
  }
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'kilobyte'] : [bytes / (1024 * 1024), 'megabyte'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, maximumFractionDigits: value < 10 ? 1 : 0 }).format(value);
}
