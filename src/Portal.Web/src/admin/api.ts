import { api, data, type Schema } from '../shared/api';

export type StaffRole = 'owner' | 'admin' | 'staff' | 'operator';

/** The signed-in person: clinic staff, or an operator (clinic null). */
export type StaffProfile = Schema<'StaffProfile'>;

/** Whether anyone is signed in here; `signedInElsewhere` when a session exists that this page does not accept. */
export type StaffSession = Schema<'StaffSession'>;

export type Credentials = Schema<'StaffSignInRequest'>;

export type BackgroundImage = Schema<'BackgroundImageView'>;

export type StripeStatus = Schema<'StripeStatusView'>;

export type NotificationSignIn = 'passcode_and_birth_date' | 'identifier_and_birth_date' | (string & {});

/** Settings > Patient Portal as the server sends it: the values, and what the page needs around them. */
export type PortalSettings = Schema<'PortalSettingsView'>;

/** The settings a person changes on the Settings > Patient Portal page. */
export type PortalSettingsValues = Omit<PortalSettings, 'version' | 'updatedAt' | 'stripe' | 'choices' | 'permissions'>;

/** "Save Portal Settings": every setting, against the version the page loaded. */
export type SavePortalSettings = Schema<'SavePortalSettingsCommand'>;

/** Settings > SMS quiet hours: times as HH:mm in the clinic's time zone; the window may run past midnight. */
export type SmsQuietHours = Schema<'QuietHoursView'>;

export type SaveSmsQuietHours = Schema<'SaveQuietHoursCommand'>;

export type SaveStripeKeys = Schema<'SaveStripeKeysCommand'>;

export type ClinicListItem = Schema<'ClinicListItem'>;

/** What anyone may know about a clinic: its name and default language, for the sign-in page. */
export type PublicClinic = Schema<'PublicPortalView'>;

export type NotificationState = 'pending' | 'held' | 'sending' | 'sent' | 'failed';
export type NotificationChannel = 'email' | 'sms';

export type NotificationCount = Schema<'QueueCount'>;

export type NotificationSummary = Schema<'QueueSummary'>;

/** A notification as operators see it: never its content, and the recipient masked ("j•••@example.org"). */
export type QueuedNotification = Schema<'QueuedNotification'>;

export type SendTestNotification = Schema<'SendTestNotificationCommand'>;

/** How many notifications the operators' list shows. */
export const NOTIFICATION_LIST_SIZE = 50;

const clinic = (slug: string) => ({ path: { clinic: slug } });

export const staffApi = {
  session: (slug: string, signal?: AbortSignal) =>
    data(api.client.GET('/api/clinics/{clinic}/staff/session', { params: clinic(slug), signal })),
  signIn: (slug: string, credentials: Credentials) =>
    data(api.client.POST('/api/clinics/{clinic}/staff/sign-in', { params: clinic(slug), body: credentials })),
  signOut: () => data(api.client.POST('/api/staff/sign-out')),
  publicClinic: (slug: string, signal?: AbortSignal) => data(api.client.GET('/api/clinics/{clinic}/portal', { params: clinic(slug), signal })),
  completeSetup: (token: string, password: string) => data(api.client.POST('/api/staff/setup', { body: { token, password } })),
};

export const operatorApi = {
  session: (signal?: AbortSignal) => data(api.client.GET('/api/operator/session', { signal })),
  signIn: (credentials: Credentials) => data(api.client.POST('/api/operator/sign-in', { body: credentials })),
  clinics: (signal?: AbortSignal) => data(api.client.GET('/api/operator/clinics', { signal })),
  notificationSummary: (signal?: AbortSignal) => data(api.client.GET('/api/operator/notifications/summary', { signal })),
  /** The latest notifications, of one state or (null) of every state. */
  notifications: (state: NotificationState | null, signal?: AbortSignal) =>
    data(
      api.client.GET('/api/operator/notifications', {
        params: { query: { state: state ?? undefined, take: NOTIFICATION_LIST_SIZE } },
        signal,
      }),
    ),
  retryNotification: (id: string) => data(api.client.POST('/api/operator/notifications/{id}/retry', { params: { path: { id } } })),
  /** Queues a test message; answers the new notifications' ids. */
  sendTestNotification: (command: SendTestNotification) => data(api.client.POST('/api/operator/notifications/test', { body: command })),
};

export const settingsApi = {
  getPortal: (slug: string, signal?: AbortSignal) =>
    data(api.client.GET('/api/clinics/{clinic}/settings/portal', { params: clinic(slug), signal })),
  savePortal: (slug: string, settings: SavePortalSettings) =>
    data(api.client.PUT('/api/clinics/{clinic}/settings/portal', { params: clinic(slug), body: settings })),
  /** The raw file as the body, not multipart. */
  uploadBackgroundImage: (slug: string, file: Blob) =>
    data(
      api.client.POST('/api/clinics/{clinic}/settings/portal/background-images', {
        params: clinic(slug),
        body: file as never,
        bodySerializer: (body: unknown) => body as Blob,
        headers: { 'Content-Type': file.type || 'application/octet-stream' },
      }),
    ),
  saveStripe: (slug: string, keys: SaveStripeKeys) =>
    data(api.client.PUT('/api/clinics/{clinic}/settings/stripe', { params: clinic(slug), body: keys })),
  removeStripe: (slug: string) => data(api.client.DELETE('/api/clinics/{clinic}/settings/stripe', { params: clinic(slug) })),
  getSmsQuietHours: (slug: string, signal?: AbortSignal) =>
    data(api.client.GET('/api/clinics/{clinic}/settings/sms-quiet-hours', { params: clinic(slug), signal })),
  saveSmsQuietHours: (slug: string, hours: SaveSmsQuietHours) =>
    data(api.client.PUT('/api/clinics/{clinic}/settings/sms-quiet-hours', { params: clinic(slug), body: hours })),
};
