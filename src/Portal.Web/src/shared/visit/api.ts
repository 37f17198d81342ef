import { api, data, type Schema } from '../api';

/** A virtual visit (ADR 26): admission to its room, and its access code, for the patient and for staff. */

export type VisitEntry = Schema<'VisitEntryView'>;
export type MyVisit = Schema<'MyVisitView'>;
export type StaffVisit = Schema<'StaffVisitView'>;

/** The address of the hub that relays a visit's offers, answers and ICE candidates. */
export const SIGNAL_PATH = '/api/visits/signal';

export const visitKeys = {
  mine: (slug: string, id: string) => ['portal', slug, 'appointments', 'visit', id],
  staff: (slug: string, id: string) => ['clinic', slug, 'appointments', 'visit', id],
};

export const visitApi = {
  /** The patient, by the code sent to them (case-sensitive). */
  joinByCode: (slug: string, room: string, code: string) =>
    data(api.client.POST('/api/clinics/{clinic}/visits/{room}/join', { params: { path: { clinic: slug, room } }, body: { code } })),
  /** The appointment's provider, by their staff session. */
  joinAsProvider: (slug: string, id: string) =>
    data(api.client.POST('/api/clinics/{clinic}/appointments/{id}/visit/join', { params: { path: { clinic: slug, id } } })),
  mine: (slug: string, id: string, signal?: AbortSignal) =>
    data(api.client.GET('/api/clinics/{clinic}/portal/appointments/{id}/visit', { params: { path: { clinic: slug, id } }, signal })),
  resendMine: (slug: string, id: string) =>
    data(api.client.POST('/api/clinics/{clinic}/portal/appointments/{id}/visit/code', { params: { path: { clinic: slug, id } } })),
  staff: (slug: string, id: string, signal?: AbortSignal) =>
    data(api.client.GET('/api/clinics/{clinic}/appointments/{id}/visit', { params: { path: { clinic: slug, id } }, signal })),
  resendForPatient: (slug: string, id: string) =>
    data(api.client.POST('/api/clinics/{clinic}/appointments/{id}/visit/code', { params: { path: { clinic: slug, id } } })),
};

/** The room's page, where the patient enters the code: /{clinic}/visit/{room}. */
export const visitPath = (slug: string, room: string) => `/${encodeURIComponent(slug)}/visit/${encodeURIComponent(room)}`;

/** The provider's page of an appointment's visit: /{clinic}/visit/provider/{appointment}. Only visit pages may use the camera. */
export const providerVisitPath = (slug: string, appointmentId: string) => `/${encodeURIComponent(slug)}/visit/provider/${encodeURIComponent(appointmentId)}`;

/** The path of an absolute room link, for a link that stays in the page. */
export function linkPath(link: string): string {
  try {
    return new URL(link, window.location.origin).pathname;
  } catch {
    return link;
  }
}
