/**
 * The staff calendar's pure logic: what the address keeps (?view=week&date=2026-12-07&provider=…), the days a view
 * covers, the rows of its grid and where each appointment goes. Days are the clinic's ("2026-12-07"); times come from
 * the server in the clinic's zone with that day's offset ("2026-12-07T09:00:00-05:00"), so their wall-clock part is
 * the clinic's whatever the browser's zone, and daylight-saving days need no arithmetic on instants.
 */

import { addDays } from '../../shared/clinicDays';

export type CalendarView = 'day' | 'week';

export interface CalendarQuery {
  view: CalendarView;
  /** A day of the clinic's calendar; null for today. */
  date: string | null;
  /** One provider's calendar; null for the whole clinic. */
  provider: string | null;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether the text is a real day ("2026-02-30" is not). */
export function isDay(text: string): boolean {
  const match = DAY.exec(text);
  if (!match) {
    return false;
  }
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === text;
}

/** The calendar's choices from the address; anything unreadable falls back to the default (the week, today, every provider). */
export function parseCalendarQuery(search: string): CalendarQuery {
  const params = new URLSearchParams(search);
  const view = params.get('view') === 'day' ? 'day' : 'week';
  const date = params.get('date');
  const provider = params.get('provider');
  return {
    view,
    date: date && isDay(date) ? date : null,
    provider: provider && GUID.test(provider) ? provider.toLowerCase() : null,
  };
}

/** The calendar's query string in a fixed order (view, date, provider), "" for the default. */
export function calendarSearch(query: CalendarQuery): string {
  const params = new URLSearchParams();
  if (query.view !== 'week') {
    params.set('view', query.view);
  }
  if (query.date) {
    params.set('date', query.date);
  }
  if (query.provider) {
    params.set('provider', query.provider);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** 1 for Monday to 7 for Sunday (ISO). */
export function isoWeekday(day: string): number {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

/** The days a view shows: the day itself, or its week from Monday to Sunday. */
export function daysShown(view: CalendarView, day: string): string[] {
  if (view === 'day') {
    return [day];
  }
  const monday = addDays(day, 1 - isoWeekday(day));
  return Array.from({ length: 7 }, (_, index) => addDays(monday, index));
}

/** The day a Previous or Next button leads to: one day, or one week, away. */
export function stepDay(view: CalendarView, day: string, direction: -1 | 1): string {
  return addDays(day, direction * (view === 'day' ? 1 : 7));
}

const LOCAL = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})/;

/** The clinic's day and minute of the day of a time the server gave in the clinic's zone. */
export function wallClock(instant: string): { day: string; minute: number } {
  const match = LOCAL.exec(instant);
  if (!match) {
    throw new Error(`Not a time in the clinic's zone: ${instant}`);
  }
  return { day: match[1]!, minute: Number(match[2]) * 60 + Number(match[3]) };
}

/** "09:30" from a minute of the day. */
export function clockText(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** How long each row of the grid is. */
export const ROW_MINUTES = 30;

/** The hours a grid shows when nobody works and nothing is booked. */
const DEFAULT_FIRST = 8 * 60;
const DEFAULT_LAST = 17 * 60;

export interface TimeSpan {
  startsAt: string;
  endsAt: string;
}

/**
 * The rows' start minutes: from the earliest working hour or appointment to the latest end on the days shown, in whole
 * rows, and at least 08:00 to 17:00. A time that runs past midnight ends the grid at midnight.
 */
export function gridRows(spans: readonly TimeSpan[], rowMinutes: number = ROW_MINUTES): number[] {
  let first = DEFAULT_FIRST;
  let last = DEFAULT_LAST;
  for (const span of spans) {
    const start = wallClock(span.startsAt);
    const end = wallClock(span.endsAt);
    first = Math.min(first, start.minute);
    last = Math.max(last, end.day === start.day ? end.minute : 24 * 60);
  }
  first = Math.floor(first / rowMinutes) * rowMinutes;
  last = Math.min(24 * 60, Math.ceil(last / rowMinutes) * rowMinutes);
  const rows: number[] = [];
  for (let minute = first; minute < last; minute += rowMinutes) {
    rows.push(minute);
  }
  return rows;
}

/** A column of the grid: a day (the week view) or a provider on the day (the clinic's day view). */
export interface Column {
  key: string;
  day: string;
  /** The provider the column belongs to; null for every provider of the calendar. */
  providerId: string | null;
}

/** The week's days as columns, or on one day one column per provider (or one for a single provider's day). */
export function columnsFor(view: CalendarView, day: string, providerIds: readonly string[], oneProvider: string | null): Column[] {
  if (view === 'week') {
    return daysShown('week', day).map((shown) => ({ key: shown, day: shown, providerId: oneProvider }));
  }
  if (oneProvider) {
    return [{ key: `${day}/${oneProvider}`, day, providerId: oneProvider }];
  }
  return providerIds.map((id) => ({ key: `${day}/${id}`, day, providerId: id }));
}

export interface Placed<T> {
  /** Cell key: column key and row minute ("2026-12-07@540"). */
  cells: Map<string, T[]>;
  /** Those that start outside the grid's rows or columns (none, when the rows came from {@link gridRows} of them). */
  outside: T[];
}

export const cellKey = (column: Column, row: number) => `${column.key}@${row}`;

/** Each appointment in the cell of its column where its start falls, in start order. */
export function placeAppointments<T extends TimeSpan & { provider: { id: string } }>(
  appointments: readonly T[],
  columns: readonly Column[],
  rows: readonly number[],
  rowMinutes: number = ROW_MINUTES,
): Placed<T> {
  const cells = new Map<string, T[]>();
  const outside: T[] = [];
  const sorted = [...appointments].sort((a, b) => new Date(a.startsAt).getTime() - new Date(b.startsAt).getTime());
  for (const appointment of sorted) {
    const { day, minute } = wallClock(appointment.startsAt);
    const column = columns.find((candidate) => candidate.day === day && (candidate.providerId === null || candidate.providerId === appointment.provider.id));
    const row = rows.find((candidate) => candidate <= minute && minute < candidate + rowMinutes);
    if (!column || row === undefined) {
      outside.push(appointment);
      continue;
    }
    const key = cellKey(column, row);
    cells.set(key, [...(cells.get(key) ?? []), appointment]);
  }
  return { cells, outside };
}

export interface ProviderHours {
  id: string;
  hours: readonly TimeSpan[];
}

/** The providers (of the column, or all of them) working for the whole of the row's time: the cell is open time. */
export function workingInCell(providers: readonly ProviderHours[], column: Column, row: number, rowMinutes: number = ROW_MINUTES): string[] {
  return providers
    .filter((provider) => column.providerId === null || provider.id === column.providerId)
    .filter((provider) =>
      provider.hours.some((span) => {
        const start = wallClock(span.startsAt);
        const end = wallClock(span.endsAt);
        if (start.day !== column.day) {
          return false;
        }
        const endMinute = end.day === start.day ? end.minute : 24 * 60;
        return start.minute <= row && row + rowMinutes <= endMinute;
      }),
    )
    .map((provider) => provider.id);
}

/** The offset of the zone at an instant, in minutes east of UTC (-300 for Toronto in winter). */
function offsetAt(timeZone: string, utcMillis: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utcMillis));
  const value = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((part) => part.type === type)?.value);
  const asUtc = Date.UTC(value('year'), value('month') - 1, value('day'), value('hour'), value('minute'), value('second'));
  return Math.round((asUtc - Math.floor(utcMillis / 1000) * 1000) / 60_000);
}

/**
 * A wall-clock time on a day of the clinic as the instant to send, with the offset in force then
 * ("2026-03-09", "09:00", Toronto -> "2026-03-09T09:00:00-04:00"). A time the clocks skip (02:30 on the spring change)
 * gives null; a repeated one (01:30 on the fall change) the first.
 */
export function zonedStart(day: string, time: string, timeZone: string): string | null {
  const dayMatch = DAY.exec(day);
  const timeMatch = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!dayMatch || !timeMatch || !isDay(day)) {
    return null;
  }
  const wall = Date.UTC(Number(dayMatch[1]), Number(dayMatch[2]) - 1, Number(dayMatch[3]), Number(timeMatch[1]), Number(timeMatch[2]));
  // The offsets a day can have are those in force a day before and a day after; try the earlier (the first of a repeated hour).
  const candidates = [...new Set([offsetAt(timeZone, wall - 86_400_000), offsetAt(timeZone, wall + 86_400_000)])].sort((a, b) => b - a);
  for (const offset of candidates) {
    if (offsetAt(timeZone, wall - offset * 60_000) === offset) {
      const sign = offset < 0 ? '-' : '+';
      const absolute = Math.abs(offset);
      return `${day}T${time}:00${sign}${String(Math.floor(absolute / 60)).padStart(2, '0')}:${String(absolute % 60).padStart(2, '0')}`;
    }
  }
  return null;
}
