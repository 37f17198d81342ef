import { api, data, type Schema } from '../../shared/api';

/** Signing in to the patient portal: an identifier and a contact, then a one-time passcode sent to that contact. */

export type ContactKind = 'mobile' | 'email';

/** An ID type a patient may sign in with: a health card (named by the page) or one of the clinic's own. */
export type SignInIdType = Schema<'SignInIdType'>;

export type StartSignIn = Schema<'StartPatientSignInBody'>;

/** The same answer whether or not the details matched a patient. */
export type SignInAttempt = Schema<'SignInStarted'>;

export type VerifyPasscode = Schema<'VerifyPasscodeBody'>;

export type SignedIn = Schema<'PatientSignedIn'>;

const path = (slug: string) => ({ path: { clinic: slug } });

export const signInApi = {
  idTypes: (slug: string, signal?: AbortSignal) =>
    data(api.client.GET('/api/clinics/{clinic}/portal/sign-in/id-types', { params: path(slug), signal })).then((answer) => answer.idTypes),
  start: (slug: string, body: StartSignIn) => data(api.client.POST('/api/clinics/{clinic}/portal/sign-in', { params: path(slug), body })),
  verify: (slug: string, body: VerifyPasscode) =>
    data(api.client.POST('/api/clinics/{clinic}/portal/sign-in/verify', { params: path(slug), body })),
};
