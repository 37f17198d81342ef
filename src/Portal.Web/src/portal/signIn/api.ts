import { api, segment } from '../../shared/api';

/** Signing in to the patient portal: an identifier and a contact, then a one-time passcode sent to that contact. */

export type ContactKind = 'mobile' | 'email';

/** An ID type a patient may sign in with: a health card (named by the page) or one of the clinic's own. */
export interface SignInIdType {
  code: string;
  isHealthCard: boolean;
  nameEn: string | null;
  nameFr: string | null;
}

export interface StartSignIn {
  idType: string;
  idNumber: string;
  contactKind: ContactKind;
  contact: string;
}

/** The same answer whether or not the details matched a patient. */
export interface SignInAttempt {
  attemptId: string;
  expiresInMinutes: number;
  contactKind: ContactKind | (string & {});
}

export interface VerifyPasscode {
  attemptId: string;
  passcode: string;
  stayLoggedIn: boolean;
}

export interface SignedIn {
  displayName: string;
  language: string;
}

const signInPath = (slug: string) => `/api/clinics/${segment(slug)}/portal/sign-in`;

export const signInApi = {
  idTypes: (slug: string, signal?: AbortSignal) =>
    api.get<{ idTypes: SignInIdType[] }>(`${signInPath(slug)}/id-types`, { signal }).then((answer) => answer.idTypes),
  start: (slug: string, body: StartSignIn) => api.post<SignInAttempt>(signInPath(slug), { json: body }),
  verify: (slug: string, body: VerifyPasscode) => api.post<SignedIn>(`${signInPath(slug)}/verify`, { json: body }),
};
