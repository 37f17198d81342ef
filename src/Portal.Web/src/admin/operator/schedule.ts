import type { Lang } from '../../shared/i18n/language';
import { msgKey, type Translate } from '../../shared/i18n/translate';

/**
 * A job's schedule as the server sends it: "every hh:mm:ss" (a .NET TimeSpan, so also "every d.hh:mm:ss",
 * "every hh:mm" or "every d"), or a Quartz cron expression that runs in UTC.
 */
export type Schedule =
  | { kind: 'interval'; seconds: number }
  | { kind: 'daily'; hour: number; minute: number }
  | { kind: 'cron'; expression: string };

const SECONDS_PER_MINUTE = 60;
const SECONDS_PER_HOUR = 60 * SECONDS_PER_MINUTE;
const SECONDS_PER_DAY = 24 * SECONDS_PER_HOUR;

const INTERVAL = /^every\s+(?:(\d+)\.)?(\d+):(\d+)(?::(\d+)(?:\.(\d+))?)?$/;
const INTERVAL_DAYS = /^every\s+(\d+)$/;
/** "0 M H * * ?" (or "0 M H ? * *"): once a day, at H:M UTC. */
const DAILY_CRON = /^0\s+(\d{1,2})\s+(\d{1,2})\s+(?:\*\s+\*\s+\?|\?\s+\*\s+\*)$/;

export function parseSchedule(text: string): Schedule {
  const schedule = text.trim();
  const days = INTERVAL_DAYS.exec(schedule);
  if (days) {
    const seconds = Number(days[1]) * SECONDS_PER_DAY;
    if (seconds > 0) {
      return { kind: 'interval', seconds };
    }
  }
  const interval = INTERVAL.exec(schedule);
  if (interval) {
    const [, d, h, m, s, fraction] = interval;
    const hours = Number(h);
    const minutes = Number(m);
    const wholeSeconds = Number(s ?? 0);
    if (hours < 24 && minutes < 60 && wholeSeconds < 60) {
      const seconds =
        Number(d ?? 0) * SECONDS_PER_DAY +
        hours * SECONDS_PER_HOUR +
        minutes * SECONDS_PER_MINUTE +
        wholeSeconds +
        (fraction ? Number(`0.${fraction}`) : 0);
      if (seconds > 0) {
        return { kind: 'interval', seconds };
      }
    }
  }
  const daily = DAILY_CRON.exec(schedule);
  if (daily) {
    const minute = Number(daily[1]);
    const hour = Number(daily[2]);
    if (minute < 60 && hour < 24) {
      return { kind: 'daily', hour, minute };
    }
  }
  return { kind: 'cron', expression: schedule };
}

type Unit = 'seconds' | 'minutes' | 'hours' | 'days';

const EVERY_KEYS: Record<Unit, { one: string; other: string }> = {
  seconds: { one: msgKey('operator.jobs.schedule.seconds.one'), other: msgKey('operator.jobs.schedule.seconds.other') },
  minutes: { one: msgKey('operator.jobs.schedule.minutes.one'), other: msgKey('operator.jobs.schedule.minutes.other') },
  hours: { one: msgKey('operator.jobs.schedule.hours.one'), other: msgKey('operator.jobs.schedule.hours.other') },
  days: { one: msgKey('operator.jobs.schedule.days.one'), other: msgKey('operator.jobs.schedule.days.other') },
};

/** An interval in the largest unit that divides it: 5 -> "Every 5 seconds", 5400 -> "Every 90 minutes", 86400 -> "Every day". */
function formatInterval(seconds: number, lang: Lang, t: Translate): string {
  const units: [Unit, number][] = [
    ['days', SECONDS_PER_DAY],
    ['hours', SECONDS_PER_HOUR],
    ['minutes', SECONDS_PER_MINUTE],
  ];
  let unit: Unit = 'seconds';
  let count = seconds;
  for (const [candidate, size] of units) {
    if (seconds % size === 0) {
      unit = candidate;
      count = seconds / size;
      break;
    }
  }
  if (count === 1) {
    return t(EVERY_KEYS[unit].one);
  }
  return t(EVERY_KEYS[unit].other, { count: new Intl.NumberFormat(lang, { maximumFractionDigits: 3 }).format(count) });
}

/** A time of day in UTC, as the language writes it: "03:30", "03 h 30". */
export function formatUtcTime(hour: number, minute: number, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-CA' : 'en-CA', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(2000, 0, 1, hour, minute)));
}

/**
 * The schedule in words: "Every 5 seconds", "Every day at 03:30 UTC"; any other cron expression as
 * "Cron (UTC): 0 0 12 ? * MON-FRI".
 */
export function formatSchedule(text: string, lang: Lang, t: Translate): string {
  const schedule = parseSchedule(text);
  switch (schedule.kind) {
    case 'interval':
      return formatInterval(schedule.seconds, lang, t);
    case 'daily':
      return t('operator.jobs.schedule.daily', { time: formatUtcTime(schedule.hour, schedule.minute, lang) });
    case 'cron':
      return `${t('operator.jobs.schedule.cron')} ${schedule.expression}`;
  }
}

/** How long a run took: milliseconds under a second ("850 ms"), else seconds ("4 s", "12.5 s"). */
export function formatRunDuration(milliseconds: number, lang: Lang, t: Translate): string {
  const number = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  if (milliseconds < 1000) {
    return t('operator.jobs.duration.ms', { value: number.format(Math.max(0, milliseconds)) });
  }
  return t('operator.jobs.duration.s', { value: number.format(milliseconds / 1000) });
}
