import { api, data, type Schema } from '../../shared/api';

/** The signed-in patient's appointments, and what they may book. */

export type MyAppointment = Schema<'MyAppointmentView'>;
export type MyAppointmentList = Schema<'MyAppointmentList'>;
export type BookableTypeList = Schema<'BookableTypeList'>;
export type BookableType = Schema<'BookableType'>;
export type BookableProvider = Schema<'BookableProvider'>;
export type FreeSlotList = Schema<'FreeSlotList'>;
export type FreeSlot = Schema<'FreeSlotView'>;
export type EarlierSlotOffer = Schema<'MyEarlierSlotOffer'>;

export type When = 'upcoming' | 'past';

/** Every key starts with this one: booking, moving or cancelling refreshes them all. */
export const appointmentsKeys = {
  all: (slug: string) => ['portal', slug, 'appointments'],
  list: (slug: string, when: When) => ['portal', slug, 'appointments', 'list', when],
  one: (slug: string, id: string) => ['portal', slug, 'appointments', 'one', id],
  types: (slug: string) => ['portal', slug, 'appointments', 'types'],
  slots: (slug: string, typeId: string, providerId: string | null, from: string, to: string) =>
    ['portal', slug, 'appointments', 'slots', typeId, providerId ?? 'any', from, to],
};

export const appointmentsApi = {
  list: (slug: string, when: When, signal?: AbortSignal) =>
    data(api.client.GET('/api/clinics/{clinic}/portal/appointments', { params: { path: { clinic: slug }, query: { when } }, signal })),
  one: (slug: string, id: string, signal?: AbortSignal) =>
    data(api.client.GET('/api/clinics/{clinic}/portal/appointments/{id}', { params: { path: { clinic: slug, id } }, signal })),
  types: (slug: string, signal?: AbortSignal) =>
    data(api.client.GET('/api/clinics/{clinic}/portal/appointments/types', { params: { path: { clinic: slug } }, signal })),
  slots: (slug: string, typeId: string, providerId: string | null, from: string, to: string, signal?: AbortSignal) =>
    data(
      api.client.GET('/api/clinics/{clinic}/portal/appointments/slots', {
        params: { path: { clinic: slug }, query: { typeId, ...(providerId ? { providerId } : {}), from, to } },
        signal,
      }),
    ),
  book: (slug: string, body: Schema<'BookMyAppointmentBody'>) =>
    data(api.client.POST('/api/clinics/{clinic}/portal/appointments', { params: { path: { clinic: slug } }, body })),
  reschedule: (slug: string, id: string, body: Schema<'RescheduleMyAppointmentBody'>) =>
    data(api.client.POST('/api/clinics/{clinic}/portal/appointments/{id}/reschedule', { params: { path: { clinic: slug, id } }, body })),
  cancel: (slug: string, id: string, reason: string | null) =>
    data(
      api.client.POST('/api/clinics/{clinic}/portal/appointments/{id}/cancel', {
        params: { path: { clinic: slug, id } },
        body: reason ? { reason } : {},
      }),
    ),
  askForEarlierSlot: (slug: string, id: string) =>
    data(api.client.POST('/api/clinics/{clinic}/portal/appointments/{id}/earlier-slot', { params: { path: { clinic: slug, id } } })),
  stopAskingForEarlierSlot: (slug: string, id: string) =>
    data(api.client.DELETE('/api/clinics/{clinic}/portal/appointments/{id}/earlier-slot', { params: { path: { clinic: slug, id } } })),
  acceptEarlierSlot: (slug: string, id: string, offerId: string) =>
    data(
      api.client.POST('/api/clinics/{clinic}/portal/appointments/{id}/earlier-slot/accept', {
        params: { path: { clinic: slug, id } },
        body: { offerId },
      }),
    ),
  declineEarlierSlot: (slug: string, id: string, offerId: string) =>
    data(
      api.client.POST('/api/clinics/{clinic}/portal/appointments/{id}/earlier-slot/decline', {
        params: { path: { clinic: slug, id } },
        body: { offerId },
      }),
    ),
};

/** The appointment as a calendar file (.ics) the patient's calendar app opens: "Add to calendar". */
export function calendarFileUrl(slug: string, id: string): string {
  return `/api/clinics/${encodeURIComponent(slug)}/portal/appointments/${encodeURIComponent(id)}/calendar.ics`;
}
