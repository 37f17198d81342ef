import { api, segment } from '../../shared/api';

/** Registration: the clinic's patients and the ID types they are known by. */

export type VersionCodeUse = 'optional' | 'none';

/** A provincial or territorial health card; the page names it from its own catalogue. */
export interface HealthCardType {
  code: string;
  versionCode: VersionCodeUse | (string & {});
  /** A number in the card's usual form ("1234 567 890"). */
  example: string;
}

/** An ID type the clinic made for itself ("MRN"). */
export interface ClinicIdType {
  code: string;
  nameEn: string;
  nameFr: string;
  /** Patients may sign in with it (when Extra Searchable Identifications is on). */
  searchable: boolean;
}

export interface IdTypes {
  healthCards: HealthCardType[];
  clinicTypes: ClinicIdType[];
  /** S6, Extra Searchable Identifications, as saved in the portal settings. */
  extraSearchableIdsEnabled: boolean;
}

export type CreateIdType = ClinicIdType;
export type UpdateIdType = Omit<ClinicIdType, 'code'>;

export type Sex = 'female' | 'male' | 'x' | 'unknown';
export type ContactMethod = 'email' | 'sms' | 'both';
export type PatientLanguage = 'en' | 'fr';
export type Country = 'CA' | 'US';
export type PatientStatus = 'active' | 'inactive' | 'all';

export interface Identifier {
  type: string;
  number: string;
  versionCode: string | null;
}

export interface Address {
  line1: string;
  line2: string | null;
  city: string;
  province: string;
  postalCode: string;
  country: Country | (string & {});
}

/** What staff enter about a patient. */
export interface PatientInput {
  chartNumber: string | null;
  legalGivenName: string;
  legalFamilyName: string;
  preferredName: string | null;
  /** yyyy-mm-dd */
  dateOfBirth: string;
  sex: Sex | (string & {});
  gender: string | null;
  address: Address | null;
  /** The first is the primary one. */
  emails: string[];
  /** E.164; the first is the primary one. */
  mobiles: string[];
  preferredContactMethod: ContactMethod | (string & {});
  preferredLanguage: PatientLanguage | (string & {});
  identifiers: Identifier[];
  active: boolean;
}

/** POST /patients: portalAccess null gives the clinic's default (Portal Accessibility for New Patients). */
export type CreatePatient = PatientInput & { portalAccess: boolean | null };

/** PUT /patients/{id}, against the version the page loaded. */
export type UpdatePatient = PatientInput & { version: number };

export type SignInContactKind = 'email' | 'mobile';

export interface PortalAccess {
  access: boolean;
  changedAt: string | null;
  changedBy: string | null;
  lastSignInAt: string | null;
  /** Where a sign-in code can be sent. */
  signInContacts: { kind: SignInContactKind | (string & {}); value: string }[];
}

export interface PatientChart extends PatientInput {
  id: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  portal: PortalAccess;
}

export interface PatientListItem {
  id: string;
  chartNumber: string | null;
  legalGivenName: string;
  legalFamilyName: string;
  preferredName: string | null;
  dateOfBirth: string;
  sex: Sex | (string & {});
  primaryIdentifier: Identifier | null;
  email: string | null;
  mobile: string | null;
  active: boolean;
  portalAccess: boolean;
}

export type MatchedBy = 'all' | 'name' | 'identifier' | 'phone' | 'email' | 'dateOfBirth';

export interface PatientPage {
  items: PatientListItem[];
  offset: number;
  limit: number;
  hasMore: boolean;
  matchedBy: MatchedBy | (string & {});
}

export interface PatientQuery {
  q: string;
  status: PatientStatus;
  offset: number;
  limit: number;
}

export type ActorKind = 'staff' | 'patient' | 'operator' | 'system' | 'anonymous';

export interface HistoryEntry {
  occurredAt: string;
  actorKind: ActorKind | (string & {});
  actor: string | null;
  action: string;
  /** For updates: the fields that changed. */
  changes: string[] | null;
  /** For portal access changes. */
  portalAccess: { from: boolean; to: boolean } | null;
}

/** How many history entries the History tab shows. */
export const HISTORY_SIZE = 50;

const clinicPath = (slug: string) => `/api/clinics/${segment(slug)}`;
const patientApiPath = (slug: string, id: string) => `${clinicPath(slug)}/patients/${segment(id)}`;

/** The list's query string, in a fixed order: q (when given), status, offset, limit. */
export function patientQueryString(query: PatientQuery): string {
  const params = new URLSearchParams();
  if (query.q) {
    params.set('q', query.q);
  }
  params.set('status', query.status);
  params.set('offset', String(query.offset));
  params.set('limit', String(query.limit));
  return params.toString();
}

export const registrationApi = {
  idTypes: (slug: string, signal?: AbortSignal) => api.get<IdTypes>(`${clinicPath(slug)}/registration/id-types`, { signal }),
  createIdType: (slug: string, type: CreateIdType) =>
    api.post<ClinicIdType>(`${clinicPath(slug)}/registration/id-types`, { json: type }),
  updateIdType: (slug: string, code: string, type: UpdateIdType) =>
    api.put<ClinicIdType>(`${clinicPath(slug)}/registration/id-types/${segment(code)}`, { json: type }),

  patients: (slug: string, query: PatientQuery, signal?: AbortSignal) =>
    api.get<PatientPage>(`${clinicPath(slug)}/patients?${patientQueryString(query)}`, { signal }),
  patient: (slug: string, id: string, signal?: AbortSignal) => api.get<PatientChart>(patientApiPath(slug, id), { signal }),
  createPatient: (slug: string, patient: CreatePatient) =>
    api.post<PatientChart>(`${clinicPath(slug)}/patients`, { json: patient }),
  updatePatient: (slug: string, id: string, patient: UpdatePatient) =>
    api.put<PatientChart>(patientApiPath(slug, id), { json: patient }),
  setPortalAccess: (slug: string, id: string, enabled: boolean) =>
    api.put<PatientChart>(`${patientApiPath(slug, id)}/portal-access`, { json: { enabled } }),
  history: (slug: string, id: string, signal?: AbortSignal) =>
    api.get<{ items: HistoryEntry[] }>(`${patientApiPath(slug, id)}/history?limit=${HISTORY_SIZE}`, { signal }),
};
