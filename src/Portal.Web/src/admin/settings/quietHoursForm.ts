import type { CodeMessages } from '../../shared/errors';
import { msgKey } from '../../shared/i18n/translate';
import type { SaveSmsQuietHours, SmsQuietHours } from '../api';

/** What the two time inputs hold. */
export type QuietHoursForm = SaveSmsQuietHours;
export type QuietHoursField = keyof QuietHoursForm;

const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** "21:00" is a time as the server takes it; "9:00", "24:00" and "" are not. */
export function isClockTime(value: string): boolean {
  return CLOCK_TIME.test(value);
}

export function formFromQuietHours(hours: SmsQuietHours): QuietHoursForm {
  return { startsAt: hours.startsAt, endsAt: hours.endsAt };
}

/** A time input's value as HH:mm: a browser may add seconds ("21:00:00"). */
export function toClockTime(value: string): string {
  const match = /^(\d\d:\d\d)(:\d\d(\.\d+)?)?$/.exec(value.trim());
  return match ? match[1]! : value.trim();
}

/** The PUT body. */
export function saveCommand(form: QuietHoursForm): SaveSmsQuietHours {
  return { startsAt: toClockTime(form.startsAt), endsAt: toClockTime(form.endsAt) };
}

/**
 * The problems the page sees before sending, as message keys by field: a time left empty. Whether
 * the times are valid and differ, the server says.
 */
export function checkQuietHours(form: QuietHoursForm): Partial<Record<QuietHoursField, string>> {
  const problems: Partial<Record<QuietHoursField, string>> = {};
  if (form.startsAt.trim() === '') {
    problems.startsAt = msgKey('quietHours.error.startRequired');
  }
  if (form.endsAt.trim() === '') {
    problems.endsAt = msgKey('quietHours.error.endRequired');
  }
  return problems;
}

/**
 * Message keys for the server's field codes on one field. Its codes are generic ("invalid"), so
 * the values that were sent say which problem it is: a time that is not HH:mm, or an end equal to
 * the start. Otherwise there is no key, and the server's own message shows.
 */
export function serverCodeKeys(field: QuietHoursField, sent: QuietHoursForm): CodeMessages {
  if (!isClockTime(sent[field])) {
    return { invalid: msgKey('quietHours.error.time') };
  }
  if (field === 'endsAt' && sent.endsAt === sent.startsAt) {
    return { invalid: msgKey('quietHours.error.sameTime') };
  }
  return {};
}
