/** Settings > Appointments: the addresses of the set-up pages, under /{clinic}/admin/settings/appointments/. */

export const APPOINTMENT_SETUP_PAGES = [
  'settings/appointments/providers',
  'settings/appointments/locations',
  'settings/appointments/types',
  'settings/appointments/rules',
  'settings/appointments/reminders',
] as const;

/** A provider's usual week and dated changes: /settings/appointments/providers/{providerId}/hours. */
export const PROVIDER_HOURS_PAGE = 'settings/appointments/hours';

export type AppointmentSetupListPage = (typeof APPOINTMENT_SETUP_PAGES)[number];
export type AppointmentSetupPage = AppointmentSetupListPage | typeof PROVIDER_HOURS_PAGE;

export const isAppointmentSetupPage = (page: string): page is AppointmentSetupPage =>
  page === PROVIDER_HOURS_PAGE || (APPOINTMENT_SETUP_PAGES as readonly string[]).includes(page);

export const appointmentSetupPath = (slug: string, page: AppointmentSetupListPage) => `/${encodeURIComponent(slug)}/admin/${page}`;

export const providerHoursPath = (slug: string, providerId: string) =>
  `${appointmentSetupPath(slug, 'settings/appointments/providers')}/${encodeURIComponent(providerId)}/hours`;

/** The page of the address's parts after /{clinic}/admin/, or null when it is not a set-up page. */
export function parseAppointmentSetup(rest: readonly string[]): { page: AppointmentSetupPage; providerId?: string } | null {
  const joined = rest.join('/');
  const list = APPOINTMENT_SETUP_PAGES.find((page) => page === joined);
  if (list) {
    return { page: list };
  }
  if (rest.length === 5 && rest[0] === 'settings' && rest[1] === 'appointments' && rest[2] === 'providers' && rest[3] && rest[4] === 'hours') {
    return { page: PROVIDER_HOURS_PAGE, providerId: rest[3] };
  }
  return null;
}
