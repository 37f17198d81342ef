import { ApiError } from '../../shared/api';
import { errorMessage, type CodeMessages } from '../../shared/errors';
import { WEEKDAY_DATE_TIME, codeAsText, formatMinuteOfDay, localeOf } from '../../shared/format';
import type { Lang } from '../../shared/i18n/language';
import { msgKey, type Translate } from '../../shared/i18n/translate';
import { STATUS_KEYS } from '../settings/settingsForm';

/** Names and times as the staff calendar shows them, in the page's language and the clinic's time zone. */

/** An appointment status's name; a status the page has no name for (a newer server) is still shown, as text. */
export function statusName(status: string, t: Translate): string {
  const key = STATUS_KEYS[status];
  return key ? t(key) : codeAsText(status);
}

/** A type's name in the page's language. */
export const typeName = (type: { nameEn: string; nameFr: string }, lang: Lang) => (lang === 'fr' ? type.nameFr : type.nameEn);

/** "Dr. Amira Haddad, MD", or the name alone. */
export const providerName = (provider: { name: string; title?: string | null }) =>
  provider.title ? `${provider.name}, ${provider.title}` : provider.name;

/**
 * The date and time of a time the server gave in the clinic's zone, as the clinic's clock read it, without needing the
 * zone's name: "Monday, December 7, 2026 at 9:00 a.m.".
 */
export function formatClinicWhen(instant: string, lang: Lang): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(instant);
  if (!match) {
    return instant;
  }
  const wall = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), Number(match[4]), Number(match[5])));
  return new Intl.DateTimeFormat(localeOf(lang), { ...WEEKDAY_DATE_TIME, timeZone: 'UTC' }).format(wall);
}

/** The time of day of a time the server gave in the clinic's zone, as the clinic's clock read it: "9:15 a.m." or "9 h 15". */
export function formatClinicTime(instant: string, lang: Lang): string {
  const match = /T(\d{2}):(\d{2})/.exec(instant);
  return match ? formatMinuteOfDay(Number(match[1]) * 60 + Number(match[2]), lang) : instant;
}

/** The problems the appointment routes answer, by code, in the page's language. */
export const APPOINTMENT_ERRORS: CodeMessages = {
  forbidden: msgKey('admin.forbidden'),
  appointment_not_found: msgKey('appts.error.notFound'),
  patient_not_found: msgKey('appts.error.patientNotFound'),
  provider_not_found: msgKey('appts.error.providerNotFound'),
  appointment_type_not_found: msgKey('appts.error.typeNotFound'),
  location_not_found: msgKey('appts.error.locationNotFound'),
  location_required: msgKey('appts.error.locationRequired'),
  slot_not_offered: msgKey('appts.error.slotNotOffered'),
  slot_taken: msgKey('appts.error.slotTaken'),
  same_time: msgKey('appts.error.sameTime'),
  cannot_move: msgKey('appts.error.cannotMove'),
  cannot_cancel: msgKey('appts.error.cannotCancel'),
  not_requested: msgKey('appts.error.notRequested'),
  status_move_not_allowed: msgKey('appts.error.statusMove'),
};

/**
 * What went wrong with an action: the message for the problem's code, or for the first field's code the page knows
 * (a 400 names its field: startsAt slot_not_offered), else the server's own words.
 */
export function appointmentError(error: unknown, t: Translate): string {
  if (error instanceof ApiError && !(error.code && APPOINTMENT_ERRORS[error.code])) {
    const known = Object.values(error.fieldCodes)
      .flat()
      .find((code) => APPOINTMENT_ERRORS[code] !== undefined);
    if (known) {
      return t(APPOINTMENT_ERRORS[known]!);
    }
    const fieldMessages = Object.values(error.fields).flat();
    if (fieldMessages.length > 0) {
      return fieldMessages.join(' ');
    }
  }
  return errorMessage(error, t, APPOINTMENT_ERRORS);
}
