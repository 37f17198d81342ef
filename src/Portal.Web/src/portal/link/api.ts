import { api, data, type Schema } from '../../shared/api';

/** Signing in from the link in an email or SMS notification: the link's token, then its quick passcode or an ID, and the date of birth. */

/** usable, used, or expired; and what the clinic asks for with a link (S10): passcode or identifier. */
export type LinkState = Schema<'PatientLinkState'>;

export type VerifyLink = Schema<'VerifyPatientLinkBody'>;

export type LinkSignedIn = Schema<'PatientLinkSignedIn'>;

export type LinkPasscodeResent = Schema<'PatientLinkPasscodeResent'>;

const path = (slug: string) => ({ path: { clinic: slug } });

/** The token travels in request bodies only, never in an API address. */
export const linkApi = {
  state: (slug: string, token: string, signal?: AbortSignal) =>
    data(api.client.POST('/api/clinics/{clinic}/portal/links/state', { params: path(slug), body: { token }, signal })),
  verify: (slug: string, body: VerifyLink) => data(api.client.POST('/api/clinics/{clinic}/portal/links/verify', { params: path(slug), body })),
  resend: (slug: string, token: string) =>
    data(api.client.POST('/api/clinics/{clinic}/portal/links/resend', { params: path(slug), body: { token } })),
};
