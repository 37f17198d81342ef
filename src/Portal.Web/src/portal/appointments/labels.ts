import { codeAsText, localeOf } from '../../shared/format';
import type { Lang } from '../../shared/i18n/language';
import { msgKey, type Translate } from '../../shared/i18n/translate';

/** Appointment status codes -> their names for the patient. */
const STATUS_KEYS: Readonly<Record<string, string>> = {
  requested: msgKey('portal.appts.status.requested'),
  booked: msgKey('portal.appts.status.booked'),
  confirmed: msgKey('portal.appts.status.confirmed'),
  arrived: msgKey('portal.appts.status.arrived'),
  in_room: msgKey('portal.appts.status.inRoom'),
  completed: msgKey('portal.appts.status.completed'),
  cancelled: msgKey('portal.appts.status.cancelled'),
  no_show: msgKey('portal.appts.status.noShow'),
  rescheduled: msgKey('portal.appts.status.rescheduled'),
  declined: msgKey('portal.appts.status.declined'),
};

/** A status the page has no name for (a newer server) is still shown, as text. */
export function statusName(status: string, t: Translate): string {
  const key = STATUS_KEYS[status];
  return key ? t(key) : codeAsText(status);
}

/** The statuses of an appointment still to happen that the patient could change or cancel while the clinic's window is open. */
const ACTIVE = new Set(['requested', 'booked', 'confirmed']);

/** Whether the appointment is booked and still to come: what a calendar should hold. */
export function belongsInCalendar(appointment: { status: string; startsAt: string }, now: Date = new Date()): boolean {
  return (appointment.status === 'booked' || appointment.status === 'confirmed') && new Date(appointment.startsAt).getTime() > now.getTime();
}

/**
 * Whether changing and cancelling online ended for an appointment still to come: the server allows neither
 * any more although its status would, so the clinic's change window before it has begun.
 */
export function changesClosed(
  appointment: { status: string; startsAt: string; canChange: boolean; canCancel: boolean },
  now: Date = new Date(),
): boolean {
  return (
    ACTIVE.has(appointment.status) && !appointment.canChange && !appointment.canCancel && new Date(appointment.startsAt).getTime() > now.getTime()
  );
}

/** A type's name in the page's language. */
export const typeName = (type: { nameEn: string; nameFr: string }, lang: Lang) => (lang === 'fr' ? type.nameFr : type.nameEn);

/** "Dr. Amira Haddad, MD", or the name alone. */
export const providerName = (provider: { name: string; title?: string | null }) =>
  provider.title ? `${provider.name}, ${provider.title}` : provider.name;

/** "English, French" from ISO 639 codes, in the page's language; a code the browser cannot name stays as it is. */
export function languageNames(codes: readonly string[], lang: Lang): string {
  const locale = localeOf(lang);
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames([locale], { type: 'language' });
  } catch {
    names = null;
  }
  const named = codes.map((code) => {
    try {
      return names?.of(code) ?? code;
    } catch {
      return code;
    }
  });
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(named);
}
