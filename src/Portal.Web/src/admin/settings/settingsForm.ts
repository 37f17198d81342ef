import { msgKey } from '../../shared/i18n/translate';
import type { PortalSettings, PortalSettingsValues, SavePortalSettings } from '../api';

/** What the person edits on the page; saved all at once. */
export type PortalSettingsForm = PortalSettingsValues;

export type ToggleName =
  | 'portalEnabled'
  | 'newPatientsGetAccess'
  | 'selfRegistrationEnabled'
  | 'patientRepliesEnabled'
  | 'billingEnabled'
  | 'extraSearchableIdsEnabled';

export function formFromSettings(settings: PortalSettings): PortalSettingsForm {
  const { version, updatedAt, stripe, choices, permissions, ...values } = settings;
  return { ...values, hiddenAppointmentStatuses: [...values.hiddenAppointmentStatuses] };
}

type Save = SavePortalSettings;

/** The PUT body: every setting, and the version the page last loaded. */
export function saveCommand(form: PortalSettingsForm, version: number): SavePortalSettings {
  const { backgroundImage, ...values } = form;
  return {
    ...values,
    // The page offers the values the settings came with; the API checks them against the ones it
    // takes (the request schema's enums) and answers a field error for any other.
    passcodeTimeoutMinutes: values.passcodeTimeoutMinutes as Save['passcodeTimeoutMinutes'],
    hiddenAppointmentStatuses: [...values.hiddenAppointmentStatuses] as Save['hiddenAppointmentStatuses'],
    notificationSignIn: values.notificationSignIn as Save['notificationSignIn'],
    backgroundImageId: backgroundImage?.id ?? null,
    version,
  };
}

/** Appointment status codes -> their names. */
export const STATUS_KEYS: Readonly<Record<string, string>> = {
  requested: msgKey('status.requested'),
  booked: msgKey('status.booked'),
  confirmed: msgKey('status.confirmed'),
  arrived: msgKey('status.arrived'),
  in_room: msgKey('status.inRoom'),
  completed: msgKey('status.completed'),
  cancelled: msgKey('status.cancelled'),
  no_show: msgKey('status.noShow'),
  rescheduled: msgKey('status.rescheduled'),
  declined: msgKey('status.declined'),
};

/** Notification sign-in codes -> their names. */
export const NOTIFICATION_SIGN_IN_KEYS: Readonly<Record<string, string>> = {
  passcode_and_birth_date: msgKey('settings.notification.passcodeAndBirthDate'),
  identifier_and_birth_date: msgKey('settings.notification.identifierAndBirthDate'),
};

export { codeAsText } from '../../shared/format';

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
