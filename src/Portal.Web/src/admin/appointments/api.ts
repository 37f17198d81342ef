import { api, data, type Schema } from '../../shared/api';

/** Appointments, the staff side: the calendar, one appointment and what staff do with it, booking for a patient. */

export type StaffCalendar = Schema<'StaffCalendarView'>;
export type CalendarProvider = Schema<'CalendarProviderView'>;
export type StaffAppointment = Schema<'StaffAppointmentView'>;
export type StaffAppointmentDetail = Schema<'StaffAppointmentDetail'>;
export type Provider = Schema<'ProviderView'>;
export type AppointmentType = Schema<'AppointmentTypeView'>;
export type Location = Schema<'LocationView'>;
export type FreeSlot = Schema<'FreeSlotView'>;
export type BookForPatient = Schema<'BookAppointmentForPatientBody'>;
export type MoveBody = Schema<'MoveAppointmentBody'>;

/** The statuses staff set through the status route (approving, declining and cancelling have their own). */
export const PROGRESS_STATUSES = ['confirmed', 'arrived', 'in_room', 'completed', 'no_show'] as const;
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];

/** TanStack Query keys; every one starts with appointmentKeys.all, which a change refreshes. */
export const appointmentKeys = {
  all: (slug: string) => ['clinic', slug, 'appointments'],
  calendar: (slug: string, from: string, to: string, providerId: string | null) =>
    ['clinic', slug, 'appointments', 'calendar', from, to, providerId ?? 'all'],
  appointment: (slug: string, id: string) => ['clinic', slug, 'appointments', 'one', id],
  providers: (slug: string) => ['clinic', slug, 'appointments', 'providers'],
  types: (slug: string) => ['clinic', slug, 'appointments', 'types'],
  locations: (slug: string) => ['clinic', slug, 'appointments', 'locations'],
  slots: (slug: string, typeId: string, providerId: string, day: string) => ['clinic', slug, 'appointments', 'slots', typeId, providerId, day],
};

const clinic = (slug: string) => ({ path: { clinic: slug } });
const one = (slug: string, id: string) => ({ path: { clinic: slug, id } });

export const appointmentsApi = {
  calendar: (slug: string, from: string, to: string, providerId: string | null, signal?: AbortSignal) =>
    data(
      api.client.GET('/api/clinics/{clinic}/appointments/calendar', {
        params: { ...clinic(slug), query: { from, to, providerId: providerId ?? undefined } },
        signal,
      }),
    ),
  appointment: (slug: string, id: string, signal?: AbortSignal) =>
    data(api.client.GET('/api/clinics/{clinic}/appointments/{id}', { params: one(slug, id), signal })),
  providers: (slug: string, signal?: AbortSignal) => data(api.client.GET('/api/clinics/{clinic}/appointments/providers', { params: clinic(slug), signal })),
  types: (slug: string, signal?: AbortSignal) => data(api.client.GET('/api/clinics/{clinic}/appointments/types', { params: clinic(slug), signal })),
  locations: (slug: string, signal?: AbortSignal) => data(api.client.GET('/api/clinics/{clinic}/appointments/locations', { params: clinic(slug), signal })),
  /** The free slots of a type with one provider on one day of the clinic. */
  slots: (slug: string, typeId: string, providerId: string, day: string, signal?: AbortSignal) =>
    data(
      api.client.GET('/api/clinics/{clinic}/appointments/slots', {
        params: { ...clinic(slug), query: { typeId, providerId, from: day, to: day } },
        signal,
      }),
    ),
  book: (slug: string, body: BookForPatient) => data(api.client.POST('/api/clinics/{clinic}/appointments', { params: clinic(slug), body })),
  move: (slug: string, id: string, body: MoveBody) =>
    data(api.client.POST('/api/clinics/{clinic}/appointments/{id}/move', { params: one(slug, id), body })),
  cancel: (slug: string, id: string, reason: string) =>
    data(api.client.POST('/api/clinics/{clinic}/appointments/{id}/cancel', { params: one(slug, id), body: { reason } })),
  approve: (slug: string, id: string) => data(api.client.POST('/api/clinics/{clinic}/appointments/{id}/approve', { params: one(slug, id) })),
  decline: (slug: string, id: string, reason: string | null) =>
    data(api.client.POST('/api/clinics/{clinic}/appointments/{id}/decline', { params: one(slug, id), body: { reason } })),
  setStatus: (slug: string, id: string, status: ProgressStatus) =>
    data(api.client.POST('/api/clinics/{clinic}/appointments/{id}/status', { params: one(slug, id), body: { status } })),
};
