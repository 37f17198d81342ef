import { api, data, type Schema } from '../../shared/api';

/** Registration: the clinic's patients and the ID types they are known by. */

export type VersionCodeUse = 'optional' | 'none';

/** A provincial or territorial health card; the page names it from its own catalogue. */
export type HealthCardType = Schema<'HealthCardTypeView'>;

/** An ID type the clinic made for itself ("MRN"). */
export type ClinicIdType = Schema<'ClinicIdType'>;

export type IdTypes = Schema<'IdTypesView'>;

export type CreateIdType = Schema<'CreateIdTypeCommand'>;
export type UpdateIdType = Schema<'UpdateIdTypeBody'>;

export type Sex = 'female' | 'male' | 'x' | 'unknown';
export type ContactMethod = 'email' | 'sms' | 'both';
export type PatientLanguage = 'en' | 'fr';
export type Country = 'CA' | 'US';
export type PatientStatus = 'active' | 'inactive' | 'all';

export type Identifier = Schema<'IdentifierFields'>;

export type Address = Schema<'AddressFields'>;

/** POST /patients: portalAccess null gives the clinic's default (Portal Accessibility for New Patients). */
export type CreatePatient = Schema<'CreatePatientCommand'>;

/** PUT /patients/{id}, against the version the page loaded. */
export type UpdatePatient = Schema<'UpdatePatientCommand'>;

/** What staff enter about a patient. */
export type PatientInput = Omit<UpdatePatient, 'version'>;

export type SignInContactKind = 'email' | 'mobile';

export type PortalAccess = Schema<'PortalView'>;

export type PatientChart = Schema<'PatientChart'>;

export type PatientListItem = Schema<'PatientListItem'>;

export type MatchedBy = 'all' | 'name' | 'identifier' | 'phone' | 'email' | 'dateOfBirth';

export type PatientPage = Schema<'PatientList'>;

export interface PatientQuery {
  q: string;
  status: PatientStatus;
  offset: number;
  limit: number;
}

export type ActorKind = 'staff' | 'patient' | 'operator' | 'system' | 'anonymous';

export type HistoryEntry = Schema<'HistoryEntry'>;

/** Every audit action the server may put in a chart's history (and 'other' for one it does not know). */
export type HistoryAction = Schema<'PatientHistoryAction'>;

/** A document in the chart; its type is one of {@link DOCUMENT_TYPES}. */
export type PatientDocument = Schema<'DocumentView'>;

export type DocumentList = Schema<'DocumentList'>;

export const DOCUMENT_TYPES = [
  'lab_requisition',
  'lab_result',
  'form',
  'encounter_note',
  'invoice',
  'educational_video',
  'questionnaire_data',
  'photo',
  'other',
] as const;

export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** What the Add document form sends, beside the file. */
export interface NewDocument {
  type: DocumentType;
  title: string;
  /** yyyy-mm-dd */
  date: string;
  source: string;
}

/** How many history entries the History tab shows. */
export const HISTORY_SIZE = 50;

/** TanStack Query keys of the clinic's registration data; a save updates or invalidates them. */
export const registrationKeys = {
  idTypes: (slug: string) => ['clinic', slug, 'id-types'],
  patients: (slug: string) => ['clinic', slug, 'patients'],
  patient: (slug: string, id: string) => ['clinic', slug, 'patients', id],
  documents: (slug: string, id: string) => ['clinic', slug, 'patients', id, 'documents'],
};

const clinic = (slug: string) => ({ path: { clinic: slug } });
const patient = (slug: string, id: string) => ({ path: { clinic: slug, id } });
const chartOf = (slug: string, patientId: string) => ({ path: { clinic: slug, patientId } });

export const registrationApi = {
  idTypes: (slug: string, signal?: AbortSignal) =>
    data(api.client.GET('/api/clinics/{clinic}/registration/id-types', { params: clinic(slug), signal })),
  createIdType: (slug: string, type: CreateIdType) =>
    data(api.client.POST('/api/clinics/{clinic}/registration/id-types', { params: clinic(slug), body: type })),
  updateIdType: (slug: string, code: string, type: UpdateIdType) =>
    data(api.client.PUT('/api/clinics/{clinic}/registration/id-types/{code}', { params: { path: { clinic: slug, code } }, body: type })),

  /** The query string in a fixed order: q (when given), status, offset, limit. */
  patients: (slug: string, query: PatientQuery, signal?: AbortSignal) =>
    data(
      api.client.GET('/api/clinics/{clinic}/patients', {
        params: {
          ...clinic(slug),
          query: { q: query.q || undefined, status: query.status, offset: query.offset, limit: query.limit },
        },
        signal,
      }),
    ),
  patient: (slug: string, id: string, signal?: AbortSignal) =>
    data(api.client.GET('/api/clinics/{clinic}/patients/{id}', { params: patient(slug, id), signal })),
  createPatient: (slug: string, body: CreatePatient) =>
    data(api.client.POST('/api/clinics/{clinic}/patients', { params: clinic(slug), body })),
  updatePatient: (slug: string, id: string, body: UpdatePatient) =>
    data(api.client.PUT('/api/clinics/{clinic}/patients/{id}', { params: patient(slug, id), body })),
  setPortalAccess: (slug: string, id: string, enabled: boolean) =>
    data(api.client.PUT('/api/clinics/{clinic}/patients/{id}/portal-access', { params: patient(slug, id), body: { enabled } })),
  history: (slug: string, id: string, signal?: AbortSignal) =>
    data(
      api.client.GET('/api/clinics/{clinic}/patients/{id}/history', {
        params: { ...patient(slug, id), query: { limit: HISTORY_SIZE } },
        signal,
      }),
    ),
  documents: (slug: string, id: string, signal?: AbortSignal) =>
    data(api.client.GET('/api/clinics/{clinic}/patients/{patientId}/documents', { params: chartOf(slug, id), signal })),
  /** A multipart form: the browser sets its Content-Type and boundary. */
  addDocument: (slug: string, id: string, file: File, document: NewDocument) => {
    const form = new FormData();
    form.append('file', file, file.name);
    form.append('type', document.type);
    form.append('title', document.title);
    form.append('date', document.date);
    if (document.source) {
      form.append('source', document.source);
    }
    return data(api.client.POST('/api/clinics/{clinic}/patients/{patientId}/documents', { params: chartOf(slug, id), body: form as never }));
  },
};
