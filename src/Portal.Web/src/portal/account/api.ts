import { api, data, type Schema } from '../../shared/api';

/** The signed-in patient: who they are, what the clinic holds about them, and where they are signed in. */

export type PatientProfile = Schema<'PatientHome'>;

export type PatientInformation = Schema<'MyInformationView'>;

export type PatientAddress = NonNullable<PatientInformation['address']>;

/** What Update on My information sends: the fields a patient changes, with the version the page loaded. */
export type InformationUpdate = Omit<Schema<'UpdateMyInformationCommand'>, 'other'>;

export type ContactKind = 'email' | 'mobile';

/** An identifier with its number masked but for its last digits ("•••• ••• 890"). */
export type MaskedIdentifier = Schema<'MaskedIdentifier'>;

export type PatientSession = Schema<'PatientSessionView'>;

/** Whether a patient of the clinic is signed in, with their home page when they are. */
export type PatientPortalSession = Schema<'PatientPortalSession'>;

const path = (slug: string) => ({ path: { clinic: slug } });

export const accountApi = {
  session: (slug: string, signal?: AbortSignal) =>
    data(api.client.GET('/api/clinics/{clinic}/portal/session', { params: path(slug), signal })),
  me: (slug: string, signal?: AbortSignal) => data(api.client.GET('/api/clinics/{clinic}/portal/me', { params: path(slug), signal })),
  information: (slug: string, signal?: AbortSignal) =>
    data(api.client.GET('/api/clinics/{clinic}/portal/me/information', { params: path(slug), signal })),
  updateInformation: (slug: string, body: InformationUpdate) =>
    data(api.client.PUT('/api/clinics/{clinic}/portal/me/information', { params: path(slug), body })),
  startContactChange: (slug: string, kind: ContactKind, value: string) =>
    data(api.client.POST('/api/clinics/{clinic}/portal/me/contacts', { params: path(slug), body: { kind, value } })),
  confirmContactChange: (slug: string, body: { changeId: string; passcode: string }) =>
    data(api.client.POST('/api/clinics/{clinic}/portal/me/contacts/confirm', { params: path(slug), body })),
  sessions: (slug: string, signal?: AbortSignal) =>
    data(api.client.GET('/api/clinics/{clinic}/portal/me/sessions', { params: path(slug), signal })).then((answer) => answer.items),
  endSession: (slug: string, id: string) =>
    data(api.client.DELETE('/api/clinics/{clinic}/portal/me/sessions/{sessionId}', { params: { path: { clinic: slug, sessionId: id } } })),
  signOut: (slug: string) => data(api.client.POST('/api/clinics/{clinic}/portal/sign-out', { params: path(slug) })),
};
