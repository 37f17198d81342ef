import type { Lang } from '../../shared/i18n/language';

/** Days and times of the clinic's calendar: days as "2026-12-07", instants shown in the clinic's time zone whatever the browser's. */

const locale = (lang: Lang) => (lang === 'fr' ? 'fr-CA' : 'en-CA');

/** Today in the clinic's time zone, as "2026-12-07". */
export function clinicToday(timeZone: string, now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((candidate) => candidate.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** The day `count` days after `day` (before, when negative). */
export function addDays(day: string, count: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + count);
  return date.toISOString().slice(0, 10);
}

/** The clinic's day of a time the server gave in the clinic's zone ("2026-12-07T09:00:00-05:00"). */
export const dayOf = (startsAt: string) => startsAt.slice(0, 10);

/** "Monday, December 7" or "lundi 7 décembre": a day of the clinic's calendar. */
export function formatDay(day: string, lang: Lang): string {
  return new Intl.DateTimeFormat(locale(lang), { weekday: 'long', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

/** "December 7, 2026": a day of the clinic's calendar with its year. */
export function formatLongDay(day: string, lang: Lang): string {
  return new Intl.DateTimeFormat(locale(lang), { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

/** "9:00 a.m." or "9 h 00": the time of day in the clinic's zone. */
export function formatTime(instant: string, timeZone: string, lang: Lang): string {
  return new Intl.DateTimeFormat(locale(lang), { hour: 'numeric', minute: '2-digit', timeZone }).format(new Date(instant));
}

/** The date and time in the clinic's zone, with the zone: "Monday, December 7, 2026 at 9:00 a.m. EST". */
export function formatWhen(instant: string, timeZone: string, lang: Lang): string {
  return new Intl.DateTimeFormat(locale(lang), {
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
    timeZone,
  }).format(new Date(instant));
}

/** Whole minutes from one instant to another. */
export const minutesBetween = (from: string, to: string) => Math.round((new Date(to).getTime() - new Date(from).getTime()) / 60_000);
