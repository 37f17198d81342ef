import { describe, expect, it } from 'vitest';
import { addDays, clinicToday } from '../src/shared/clinicDays';
import {
  formatCalendarDate,
  formatClockTime,
  formatDate,
  formatDateTime,
  formatDay,
  formatDuration,
  formatMinuteOfDay,
  formatShortDay,
  formatTime,
  formatTimeZone,
  formatWait,
  formatWhen,
  zoneNameWhereUnclear,
} from '../src/shared/format';
import { commonMessages } from '../src/shared/i18n/messages';
import { createTranslate, mergeCatalogs } from '../src/shared/i18n/translate';

const catalogs = mergeCatalogs(commonMessages);
const en = createTranslate(catalogs, 'en');
const fr = createTranslate(catalogs, 'fr');

describe('formatDuration', () => {
  it('names the passcode timeout choices as the clinic software does', () => {
    const minutes = [60, 240, 720, 1440, 2880, 4320, 7200, 10080];
    expect(minutes.map((value) => formatDuration(value, 'en', en))).toEqual([
      '1 hour',
      '4 hours',
      '12 hours',
      '1 day',
      '2 days',
      '3 days',
      '5 days',
      '7 days',
    ]);
  });

  it('speaks French', () => {
    expect([60, 240, 1440, 10080].map((value) => formatDuration(value, 'fr', fr))).toEqual([
      '1 heure',
      '4 heures',
      '1 jour',
      '7 jours',
    ]);
  });

  it('formats any value: minutes under an hour, hours under a day, days from there', () => {
    expect(formatDuration(1, 'en', en)).toBe('1 minute');
    expect(formatDuration(30, 'en', en)).toBe('30 minutes');
    expect(formatDuration(90, 'en', en)).toBe('1.5 hours');
    expect(formatDuration(1380, 'en', en)).toBe('23 hours');
    expect(formatDuration(2160, 'en', en)).toBe('1.5 days');
    expect(formatDuration(2160, 'fr', fr)).toBe('1,5 jour');
    expect(formatDuration(43200, 'en', en)).toBe('30 days');
  });
});

describe('formatWait', () => {
  it('gives seconds under a minute and whole minutes after', () => {
    expect(formatWait(1, 'en', en)).toBe('1 second');
    expect(formatWait(45, 'en', en)).toBe('45 seconds');
    expect(formatWait(60, 'en', en)).toBe('1 minute');
    expect(formatWait(61, 'en', en)).toBe('2 minutes');
    expect(formatWait(900, 'fr', fr)).toBe('15 minutes');
  });
});

describe('formatDateTime', () => {
  it('gives the time to the minute, or with the seconds and the time zone', () => {
    const value = '2026-03-01T14:30:05Z';
    expect(formatDateTime(value, 'en', null)).not.toContain(':05');
    // Shown in the browser's time zone: only the seconds are the same everywhere.
    expect(formatDateTime(value, 'en', null, 'long')).toMatch(/^March [12], 2026 at \d+:\d\d:05 [ap]\.m\. \S+/);
    expect(formatDateTime(value, 'fr', null, 'long')).toMatch(/^[12] mars 2026 à \d+ h \d\d min 05 s \S+/);
    expect(formatDateTime('not a date', 'en', null, 'long')).toBe('not a date');
  });

  it("shows the clinic's time, named when the browser's clock reads otherwise (tests run in UTC)", () => {
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe('UTC');
    expect(formatDateTime('2026-03-01T14:30:05Z', 'en', 'America/Toronto')).toBe('March 1, 2026 at 9:30 a.m. EST');
    expect(formatDateTime('2026-03-01T14:30:05Z', 'fr', 'America/Toronto')).toBe('1 mars 2026 à 09 h 30 HNE');
    expect(formatDateTime('2026-07-01T13:30:00Z', 'en', 'America/Toronto')).toBe('July 1, 2026 at 9:30 a.m. EDT');
    expect(formatDateTime('2026-03-01T14:30:05Z', 'en', 'America/Toronto', 'long')).toBe('March 1, 2026 at 9:30:05 a.m. EST');
    // A zone that reads as the browser's needs no name.
    expect(formatDateTime('2026-03-01T14:30:05Z', 'en', 'Europe/London')).toBe('March 1, 2026 at 2:30 p.m.');
    expect(formatDateTime('2026-03-01T14:30:05Z', 'en', 'UTC')).toBe('March 1, 2026 at 2:30 p.m.');
  });

  it('names a zone only where the browser reads the clock otherwise', () => {
    expect(zoneNameWhereUnclear('2026-12-07T09:00:00-05:00', 'America/Toronto', 'en')).toBe('EST');
    expect(zoneNameWhereUnclear('2026-07-07T09:00:00-04:00', 'America/Toronto', 'fr')).toBe('HAE');
    expect(zoneNameWhereUnclear('2026-12-07T09:00:00Z', 'Europe/London', 'en')).toBeNull();
    expect(zoneNameWhereUnclear('2026-12-07T09:00:00Z', null, 'en')).toBeNull();
    expect(zoneNameWhereUnclear('soon', 'America/Toronto', 'en')).toBeNull();
  });

  it("gives the day of an instant in the clinic's zone", () => {
    // 03:30 UTC on 7 December is still 6 December in Toronto.
    expect(formatDate('2026-12-07T03:30:00Z', 'en', 'America/Toronto')).toBe('December 6, 2026');
    expect(formatDate('2026-12-07T03:30:00Z', 'fr', 'UTC')).toBe('7 décembre 2026');
  });
});

describe('formatCalendarDate', () => {
  it('shows a date of birth as the day it names, in both languages', () => {
    expect(formatCalendarDate('1984-03-09', 'en')).toBe('March 9, 1984');
    expect(formatCalendarDate('1984-03-09', 'fr')).toBe('9 mars 1984');
    // The first of a month would become the last day of the one before if read as midnight UTC west of Greenwich.
    expect(formatCalendarDate('2001-01-01', 'en')).toBe('January 1, 2001');
  });

  it('leaves what is not a yyyy-mm-dd date as it is', () => {
    expect(formatCalendarDate('soon', 'en')).toBe('soon');
  });
});

describe('formatClockTime', () => {
  it('shows a time of day as each language writes it', () => {
    expect(formatClockTime('21:00', 'en')).toBe('9:00 p.m.');
    expect(formatClockTime('08:05', 'en')).toBe('8:05 a.m.');
    expect(formatClockTime('00:00', 'en')).toBe('12:00 a.m.');
    expect(formatClockTime('21:00', 'fr')).toBe('21 h 00');
    expect(formatClockTime('08:05', 'fr')).toBe('8 h 05');
  });

  it('leaves what is not HH:mm as it is', () => {
    expect(formatClockTime('25:00', 'en')).toBe('25:00');
    expect(formatClockTime('9:00', 'fr')).toBe('9:00');
  });
});

describe('days of the clinic', () => {
  it('names a day of the calendar, long and short, in both languages', () => {
    expect(formatDay('2026-12-07', 'en')).toBe('Monday, December 7');
    expect(formatDay('2026-12-07', 'fr')).toBe('lundi 7 décembre');
    expect(formatShortDay('2026-12-07', 'en')).toBe('Mon, Dec 7');
    expect(formatShortDay('2026-12-07', 'fr')).toBe('lun. 7 déc.');
    expect(formatCalendarDate('2026-12-07', 'en')).toBe('December 7, 2026');
    expect(formatDay('someday', 'en')).toBe('someday');
  });

  it("tells today in the clinic's zone, not the browser's", () => {
    // 03:30 UTC on 7 December is still 6 December in Toronto.
    expect(clinicToday('America/Toronto', new Date('2026-12-07T03:30:00Z'))).toBe('2026-12-06');
    expect(clinicToday('UTC', new Date('2026-12-07T03:30:00Z'))).toBe('2026-12-07');
  });

  it('counts days across months, years and daylight-saving changes', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-08', -7)).toBe('2026-03-01');
    expect(addDays('2026-11-01', 1)).toBe('2026-11-02');
  });
});

describe('times in the clinic\'s zone', () => {
  it('shows the time of day of an instant in the zone given, whatever the offset it came with', () => {
    expect(formatTime('2026-12-07T14:00:00Z', 'America/Toronto', 'en')).toBe('9:00 a.m.');
    expect(formatTime('2026-12-07T23:00:00+09:00', 'America/Toronto', 'fr')).toBe('9 h 00');
  });

  it('gives the date, the time and the zone', () => {
    expect(formatWhen('2026-12-07T14:00:00Z', 'America/Toronto', 'en')).toBe('Monday, December 7, 2026 at 9:00 a.m. EST');
    expect(formatWhen('2026-07-07T13:00:00Z', 'America/Toronto', 'en')).toBe('Tuesday, July 7, 2026 at 9:00 a.m. EDT');
    expect(formatWhen('2026-12-07T14:00:00Z', 'America/Toronto', 'fr')).toBe('lundi 7 décembre 2026 à 09 h 00 HNE');
  });

  it('shows minutes since midnight as a time of day', () => {
    expect(formatMinuteOfDay(570, 'en')).toBe('9:30 a.m.');
    expect(formatMinuteOfDay(570, 'fr')).toBe('9 h 30');
    expect(formatMinuteOfDay(0, 'en')).toBe('12:00 a.m.');
  });
});

describe('formatTimeZone', () => {
  it('names the zone beside its identifier', () => {
    expect(formatTimeZone('America/Toronto', 'en')).toBe('Eastern Time (America/Toronto)');
    expect(formatTimeZone('America/Toronto', 'fr')).toMatch(/^heure de l.Est \(America\/Toronto\)$/);
  });

  it('shows an identifier the browser does not know as it is', () => {
    expect(formatTimeZone('Mars/Olympus_Mons', 'en')).toBe('Mars/Olympus_Mons');
  });
});
