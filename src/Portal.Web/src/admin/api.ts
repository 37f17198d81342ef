import { api, segment } from '../shared/api';
import type { Lang } from '../shared/i18n/language';

export type StaffRole = 'owner' | 'admin' | 'staff' | 'operator';

/** The signed-in person: clinic staff, or an operator (clinic null). */
export interface StaffProfile {
  id: string;
  email: string;
  displayName: string;
  role: StaffRole;
  clinic: { slug: string; name: string } | null;
}

export interface Credentials {
  email: string;
  password: string;
}

export interface BackgroundImage {
  id: string;
  url: string;
  contentType: string;
  width: number;
  height: number;
}

export interface StripeStatus {
  configured: boolean;
  publishableKey: string | null;
  secretKeyLast4: string | null;
  webhookSecretConfigured: boolean;
}

export type NotificationSignIn = 'passcode_and_birth_date' | 'identifier_and_birth_date' | (string & {});

/** The settings a person changes on the Settings > Patient Portal page. */
export interface PortalSettingsValues {
  portalEnabled: boolean;
  newPatientsGetAccess: boolean;
  selfRegistrationEnabled: boolean;
  patientRepliesEnabled: boolean;
  billingEnabled: boolean;
  extraSearchableIdsEnabled: boolean;
  backgroundImage: BackgroundImage | null;
  passcodeTimeoutMinutes: number;
  hiddenAppointmentStatuses: string[];
  notificationSignIn: NotificationSignIn;
}

/** Settings > Patient Portal as the server sends it: the values, and what the page needs around them. */
export interface PortalSettings extends PortalSettingsValues {
  version: number;
  updatedAt: string;
  stripe: StripeStatus;
  choices: {
    passcodeTimeoutMinutes: number[];
    appointmentStatuses: string[];
    notificationSignIn: string[];
  };
  permissions: {
    canEdit: boolean;
    canEnablePortal: boolean;
    canManageStripe: boolean;
  };
}

/** "Save Portal Settings": every setting, against the version the page loaded. */
export type SavePortalSettings = Omit<PortalSettingsValues, 'backgroundImage'> & {
  backgroundImageId: string | null;
  version: number;
};

/** Settings > SMS quiet hours: times as HH:mm in the clinic's time zone; the window may run past midnight. */
export interface SmsQuietHours {
  startsAt: string;
  endsAt: string;
  /** An IANA time zone ("America/Toronto"). */
  timeZone: string;
  /** The clinic has not set its own: Portal's default applies. */
  isDefault: boolean;
}

export interface SaveSmsQuietHours {
  startsAt: string;
  endsAt: string;
}

export interface SaveStripeKeys {
  publishableKey: string;
  secretKey: string;
  webhookSigningSecret: string | null;
}

export interface ClinicListItem {
  id: string;
  slug: string;
  name: string;
  timeZone: string;
  defaultLanguage: string;
  portalEnabled: boolean;
  createdAt: string;
}

/** What anyone may know about a clinic: its name and default language, for the sign-in page. */
export interface PublicClinic {
  slug: string;
  clinicName: string;
  defaultLanguage: string;
}

export type NotificationState = 'pending' | 'held' | 'sending' | 'sent' | 'failed';
export type NotificationChannel = 'email' | 'sms';

export interface NotificationCount {
  state: NotificationState | (string & {});
  channel: NotificationChannel | (string & {});
  count: number;
}

export interface NotificationSummary {
  /** Only the states and channels that have notifications. */
  counts: NotificationCount[];
  /** The oldest notification still waiting to go out, if any. */
  oldestDueAt: string | null;
}

/** A notification as operators see it: never its content, and the recipient masked ("j•••@example.org"). */
export interface QueuedNotification {
  id: string;
  clinicSlug: string | null;
  clinicName: string | null;
  template: string;
  channel: NotificationChannel | (string & {});
  recipient: string;
  state: NotificationState | (string & {});
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  providerStatus: string | null;
  createdAt: string;
  nextAttemptAt: string;
  sentAt: string | null;
  failedAt: string | null;
}

export interface SendTestNotification {
  channel: NotificationChannel;
  to: string;
  language: Lang;
}

/** How many notifications the operators' list shows. */
export const NOTIFICATION_LIST_SIZE = 50;

const clinicPath = (slug: string) => `/api/clinics/${segment(slug)}`;

export const staffApi = {
  me: (slug: string, signal?: AbortSignal) => api.get<StaffProfile>(`${clinicPath(slug)}/staff/me`, { signal }),
  signIn: (slug: string, credentials: Credentials) =>
    api.post<StaffProfile>(`${clinicPath(slug)}/staff/sign-in`, { json: credentials }),
  signOut: () => api.post<void>('/api/staff/sign-out'),
  publicClinic: (slug: string, signal?: AbortSignal) => api.get<PublicClinic>(`${clinicPath(slug)}/portal`, { signal }),
  completeSetup: (token: string, password: string) =>
    api.post<StaffProfile>('/api/staff/setup', { json: { token, password } }),
};

export const operatorApi = {
  me: (signal?: AbortSignal) => api.get<StaffProfile>('/api/operator/me', { signal }),
  signIn: (credentials: Credentials) => api.post<StaffProfile>('/api/operator/sign-in', { json: credentials }),
  clinics: (signal?: AbortSignal) => api.get<ClinicListItem[]>('/api/operator/clinics', { signal }),
  notificationSummary: (signal?: AbortSignal) =>
    api.get<NotificationSummary>('/api/operator/notifications/summary', { signal }),
  /** The latest notifications, of one state or (null) of every state. */
  notifications: (state: NotificationState | null, signal?: AbortSignal) => {
    const query = new URLSearchParams();
    if (state) {
      query.set('state', state);
    }
    query.set('take', String(NOTIFICATION_LIST_SIZE));
    return api.get<QueuedNotification[]>(`/api/operator/notifications?${query}`, { signal });
  },
  retryNotification: (id: string) => api.post<QueuedNotification>(`/api/operator/notifications/${segment(id)}/retry`),
  /** Queues a test message; answers the new notifications' ids. */
  sendTestNotification: (command: SendTestNotification) =>
    api.post<string[]>('/api/operator/notifications/test', { json: command }),
};

export const settingsApi = {
  getPortal: (slug: string, signal?: AbortSignal) =>
    api.get<PortalSettings>(`${clinicPath(slug)}/settings/portal`, { signal }),
  savePortal: (slug: string, settings: SavePortalSettings) =>
    api.put<PortalSettings>(`${clinicPath(slug)}/settings/portal`, { json: settings }),
  /** The raw file as the body, not multipart. */
  uploadBackgroundImage: (slug: string, file: Blob) =>
    api.post<BackgroundImage>(`${clinicPath(slug)}/settings/portal/background-images`, {
      body: file,
      contentType: file.type,
    }),
  saveStripe: (slug: string, keys: SaveStripeKeys) =>
    api.put<StripeStatus>(`${clinicPath(slug)}/settings/stripe`, { json: keys }),
  removeStripe: (slug: string) => api.delete<void>(`${clinicPath(slug)}/settings/stripe`),
  getSmsQuietHours: (slug: string, signal?: AbortSignal) =>
    api.get<SmsQuietHours>(`${clinicPath(slug)}/settings/sms-quiet-hours`, { signal }),
  saveSmsQuietHours: (slug: string, hours: SaveSmsQuietHours) =>
    api.put<SmsQuietHours>(`${clinicPath(slug)}/settings/sms-quiet-hours`, { json: hours }),
};
