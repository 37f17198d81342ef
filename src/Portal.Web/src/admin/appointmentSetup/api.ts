import { api, data, type Schema } from '../../shared/api';

export type Provider = Schema<'ProviderView'>;
export type ProviderBody = Schema<'ProviderBody'>;
export type Location = Schema<'LocationView'>;
export type LocationBody = Schema<'LocationBody'>;
export type AppointmentType = Schema<'AppointmentTypeView'>;
export type AppointmentTypeBody = Schema<'AppointmentTypeBody'>;
export type AvailabilityWindow = Schema<'AvailabilityWindow'>;
export type WeeklyAvailability = Schema<'WeeklyAvailabilityView'>;
export type AvailabilityException = Schema<'AvailabilityExceptionView'>;
export type AvailabilityExceptionBody = Schema<'AvailabilityExceptionBody'>;
export type BookingRules = Schema<'BookingRulesView'>;
export type TypeBookingRules = Schema<'TypeBookingRules'>;
export type TypeBookingRulesView = Schema<'TypeBookingRulesView'>;
export type ReminderSettings = Schema<'ReminderSettingsView'>;
export type SaveReminderSettings = Schema<'SaveReminderSettingsCommand'>;

/** TanStack Query keys of the clinic's appointment set-up; a save writes its answer into them. */
export const setupKeys = {
  providers: (slug: string) => ['clinic', slug, 'appointment-setup', 'providers'],
  locations: (slug: string) => ['clinic', slug, 'appointment-setup', 'locations'],
  types: (slug: string) => ['clinic', slug, 'appointment-setup', 'types'],
  staff: (slug: string) => ['clinic', slug, 'appointment-setup', 'staff'],
  availability: (slug: string, providerId: string) => ['clinic', slug, 'appointment-setup', 'providers', providerId, 'availability'],
  exceptions: (slug: string, providerId: string) => ['clinic', slug, 'appointment-setup', 'providers', providerId, 'exceptions'],
  rules: (slug: string) => ['clinic', slug, 'appointment-setup', 'rules'],
  typeRules: (slug: string, typeId: string) => ['clinic', slug, 'appointment-setup', 'types', typeId, 'rules'],
  reminders: (slug: string) => ['clinic', slug, 'appointment-setup', 'reminders'],
};

const clinic = (slug: string) => ({ path: { clinic: slug } });
const byId = (slug: string, id: string) => ({ path: { clinic: slug, id } });
const ofProvider = (slug: string, providerId: string) => ({ path: { clinic: slug, providerId } });

export const setupApi = {
  providers: (slug: string, signal?: AbortSignal) =>
    data(api.client.GET('/api/clinics/{clinic}/appointments/providers', { params: clinic(slug), signal })),
  createProvider: (slug: string, body: ProviderBody) =>
    data(api.client.POST('/api/clinics/{clinic}/appointments/providers', { params: clinic(slug), body })),
  updateProvider: (slug: string, id: string, body: ProviderBody) =>
    data(api.client.PUT('/api/clinics/{clinic}/appointments/providers/{id}', { params: byId(slug, id), body })),
  /** The clinic's staff members, to link a provider to their own account. */
  staff: (slug: string, signal?: AbortSignal) => data(api.client.GET('/api/clinics/{clinic}/messaging/staff', { params: clinic(slug), signal })),

  locations: (slug: string, signal?: AbortSignal) =>
    data(api.client.GET('/api/clinics/{clinic}/appointments/locations', { params: clinic(slug), signal })),
  createLocation: (slug: string, body: LocationBody) =>
    data(api.client.POST('/api/clinics/{clinic}/appointments/locations', { params: clinic(slug), body })),
  updateLocation: (slug: string, id: string, body: LocationBody) =>
    data(api.client.PUT('/api/clinics/{clinic}/appointments/locations/{id}', { params: byId(slug, id), body })),

  types: (slug: string, signal?: AbortSignal) => data(api.client.GET('/api/clinics/{clinic}/appointments/types', { params: clinic(slug), signal })),
  createType: (slug: string, body: AppointmentTypeBody) =>
    data(api.client.POST('/api/clinics/{clinic}/appointments/types', { params: clinic(slug), body })),
  updateType: (slug: string, id: string, body: AppointmentTypeBody) =>
    data(api.client.PUT('/api/clinics/{clinic}/appointments/types/{id}', { params: byId(slug, id), body })),

  availability: (slug: string, providerId: string, signal?: AbortSignal) =>
    data(api.client.GET('/api/clinics/{clinic}/appointments/providers/{providerId}/availability', { params: ofProvider(slug, providerId), signal })),
  replaceAvailability: (slug: string, providerId: string, windows: AvailabilityWindow[]) =>
    data(
      api.client.PUT('/api/clinics/{clinic}/appointments/providers/{providerId}/availability', {
        params: ofProvider(slug, providerId),
        body: { windows },
      }),
    ),
  exceptions: (slug: string, providerId: string, signal?: AbortSignal) =>
    data(api.client.GET('/api/clinics/{clinic}/appointments/providers/{providerId}/exceptions', { params: ofProvider(slug, providerId), signal })),
  addException: (slug: string, providerId: string, body: AvailabilityExceptionBody) =>
    data(api.client.POST('/api/clinics/{clinic}/appointments/providers/{providerId}/exceptions', { params: ofProvider(slug, providerId), body })),
  removeException: (slug: string, providerId: string, exceptionId: string) =>
    data(
      api.client.DELETE('/api/clinics/{clinic}/appointments/providers/{providerId}/exceptions/{exceptionId}', {
        params: { path: { clinic: slug, providerId, exceptionId } },
      }),
    ),

  rules: (slug: string, signal?: AbortSignal) => data(api.client.GET('/api/clinics/{clinic}/appointments/rules', { params: clinic(slug), signal })),
  saveRules: (slug: string, body: BookingRules) => data(api.client.PUT('/api/clinics/{clinic}/appointments/rules', { params: clinic(slug), body })),
  typeRules: (slug: string, typeId: string, signal?: AbortSignal) =>
    data(api.client.GET('/api/clinics/{clinic}/appointments/types/{typeId}/rules', { params: { path: { clinic: slug, typeId } }, signal })),
  saveTypeRules: (slug: string, typeId: string, body: TypeBookingRules) =>
    data(api.client.PUT('/api/clinics/{clinic}/appointments/types/{typeId}/rules', { params: { path: { clinic: slug, typeId } }, body })),

  reminders: (slug: string, signal?: AbortSignal) =>
    data(api.client.GET('/api/clinics/{clinic}/appointments/reminder-settings', { params: clinic(slug), signal })),
  saveReminders: (slug: string, body: SaveReminderSettings) =>
    data(api.client.PUT('/api/clinics/{clinic}/appointments/reminder-settings', { params: clinic(slug), body })),
};
