import { api, segment } from '../../shared/api';

/** The signed-in patient: who they are, what the clinic holds about them, and where they are signed in. */

export interface PatientProfile {
  displayName: string;
  language: string;
  /** The sections the clinic offers: "messages", "appointments", "bills". */
  sections: string[];
}

export interface PatientAddress {
  line1: string;
  line2: string | null;
  city: string;
  province: string;
  postalCode: string;
  country: string;
}

/** An identifier with its number masked but for its last digits ("•••• ••• 890"). */
export interface MaskedIdentifier {
  type: string;
  number: string;
  versionCode: string | null;
}

export interface PatientInformation {
  legalGivenName: string;
  legalFamilyName: string;
  preferredName: string | null;
  /** yyyy-mm-dd */
  dateOfBirth: string;
  sex: string;
  gender: string | null;
  address: PatientAddress | null;
  emails: string[];
  /** E.164 */
  mobiles: string[];
  preferredContactMethod: string;
  preferredLanguage: string;
  identifiers: MaskedIdentifier[];
}

export interface PatientSession {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  stayLoggedIn: boolean;
  /** The session of this browser. */
  current: boolean;
  /** "Chrome on Linux", when the browser said. */
  device: string | null;
}

const portalPath = (slug: string) => `/api/clinics/${segment(slug)}/portal`;

export const accountApi = {
  me: (slug: string, signal?: AbortSignal) => api.get<PatientProfile>(`${portalPath(slug)}/me`, { signal }),
  information: (slug: string, signal?: AbortSignal) =>
    api.get<PatientInformation>(`${portalPath(slug)}/me/information`, { signal }),
  sessions: (slug: string, signal?: AbortSignal) =>
    api.get<{ items: PatientSession[] }>(`${portalPath(slug)}/me/sessions`, { signal }).then((answer) => answer.items),
  endSession: (slug: string, id: string) => api.delete<void>(`${portalPath(slug)}/me/sessions/${segment(id)}`),
  signOut: (slug: string) => api.post<void>(`${portalPath(slug)}/sign-out`),
};
