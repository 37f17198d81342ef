import { describe, expect, it } from 'vitest';
import { adminMessages } from '../src/admin/messages';
import { formatRunDuration, formatSchedule, parseSchedule } from '../src/admin/operator/schedule';
import { commonMessages } from '../src/shared/i18n/messages';
import { createTranslate, mergeCatalogs } from '../src/shared/i18n/translate';

const catalogs = mergeCatalogs(commonMessages, adminMessages);
const en = createTranslate(catalogs, 'en');
const fr = createTranslate(catalogs, 'fr');

describe('parseSchedule', () => {
  it('reads intervals written as a .NET TimeSpan', () => {
    expect(parseSchedule('every 00:00:05')).toEqual({ kind: 'interval', seconds: 5 });
    expect(parseSchedule('every 00:15:00')).toEqual({ kind: 'interval', seconds: 900 });
    expect(parseSchedule('every 01:30')).toEqual({ kind: 'interval', seconds: 5400 });
    expect(parseSchedule('every 1.00:00:00')).toEqual({ kind: 'interval', seconds: 86400 });
    expect(parseSchedule('every 2')).toEqual({ kind: 'interval', seconds: 172800 });
    expect(parseSchedule('every 00:00:00.5')).toEqual({ kind: 'interval', seconds: 0.5 });
  });

  it('reads the daily cron form and keeps any other cron expression as it is', () => {
    expect(parseSchedule('0 30 3 * * ?')).toEqual({ kind: 'daily', hour: 3, minute: 30 });
    expect(parseSchedule('0 15 4 ? * *')).toEqual({ kind: 'daily', hour: 4, minute: 15 });
    expect(parseSchedule('0 0 12 ? * MON-FRI')).toEqual({ kind: 'cron', expression: '0 0 12 ? * MON-FRI' });
    expect(parseSchedule('0 0/5 * * * ?')).toEqual({ kind: 'cron', expression: '0 0/5 * * * ?' });
    expect(parseSchedule('30 30 3 * * ?')).toEqual({ kind: 'cron', expression: '30 30 3 * * ?' });
    expect(parseSchedule('0 30 25 * * ?')).toEqual({ kind: 'cron', expression: '0 30 25 * * ?' });
  });

  it('does not take a zero or impossible interval for one', () => {
    expect(parseSchedule('every 00:00:00').kind).toBe('cron');
    expect(parseSchedule('every 00:75:00').kind).toBe('cron');
  });
});

describe('formatSchedule', () => {
  it('says the schedule in words', () => {
    expect(formatSchedule('every 00:00:05', 'en', en)).toBe('Every 5 seconds');
    expect(formatSchedule('every 00:00:01', 'en', en)).toBe('Every second');
    expect(formatSchedule('every 00:01:00', 'en', en)).toBe('Every minute');
    expect(formatSchedule('every 00:15:00', 'en', en)).toBe('Every 15 minutes');
    expect(formatSchedule('every 01:30:00', 'en', en)).toBe('Every 90 minutes');
    expect(formatSchedule('every 06:00:00', 'en', en)).toBe('Every 6 hours');
    expect(formatSchedule('every 1.00:00:00', 'en', en)).toBe('Every day');
    expect(formatSchedule('every 7.00:00:00', 'en', en)).toBe('Every 7 days');
    expect(formatSchedule('every 00:01:30', 'en', en)).toBe('Every 90 seconds');
    expect(formatSchedule('every 00:00:00.5', 'en', en)).toBe('Every 0.5 seconds');
  });

  it('gives the time of a daily cron in UTC', () => {
    expect(formatSchedule('0 30 3 * * ?', 'en', en)).toBe('Every day at 03:30 UTC');
    expect(formatSchedule('0 15 4 * * ?', 'en', en)).toBe('Every day at 04:15 UTC');
    expect(formatSchedule('0 0 23 * * ?', 'en', en)).toBe('Every day at 23:00 UTC');
  });

  it('labels any other cron expression', () => {
    expect(formatSchedule('0 0 12 ? * MON-FRI', 'en', en)).toBe('Cron (UTC): 0 0 12 ? * MON-FRI');
  });

  it('speaks French', () => {
    expect(formatSchedule('every 00:00:05', 'fr', fr)).toBe('Toutes les 5 secondes');
    expect(formatSchedule('every 01:00:00', 'fr', fr)).toBe('Toutes les heures');
    expect(formatSchedule('every 2.00:00:00', 'fr', fr)).toBe('Tous les 2 jours');
    expect(formatSchedule('0 30 3 * * ?', 'fr', fr)).toBe('Tous les jours à 03 h 30 UTC');
    expect(formatSchedule('0 0 12 ? * MON-FRI', 'fr', fr)).toBe('Cron (UTC) : 0 0 12 ? * MON-FRI');
  });
});

describe('formatRunDuration', () => {
  it('gives milliseconds under a second and seconds from there', () => {
    expect(formatRunDuration(3.24, 'en', en)).toBe('3.2 ms');
    expect(formatRunDuration(850, 'en', en)).toBe('850 ms');
    expect(formatRunDuration(999.9, 'en', en)).toBe('999.9 ms');
    expect(formatRunDuration(1000, 'en', en)).toBe('1 s');
    expect(formatRunDuration(4120, 'en', en)).toBe('4.1 s');
    expect(formatRunDuration(4120, 'fr', fr)).toBe('4,1 s');
  });
});
