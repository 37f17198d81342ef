import { api, data, type Schema } from '../../shared/api';

/** The clinic's questionnaire library, its pre-visit tasks, and the answers staff read. */

export type Library = Schema<'Library'>;
export type LibraryEntry = Schema<'LibraryEntry'>;
export type LibraryVersion = Schema<'LibraryVersion'>;
export type PreVisitTask = Schema<'PreVisitTask'>;
export type AppointmentTask = Schema<'AppointmentTask'>;
export type Lang = 'en' | 'fr';

export const libraryKeys = {
  all: (slug: string) => ['clinic', slug, 'questionnaires'],
  library: (slug: string) => ['clinic', slug, 'questionnaires', 'library'],
  preview: (slug: string, id: string, versionId: string | null, lang: Lang) => ['clinic', slug, 'questionnaires', 'preview', id, versionId, lang],
  preVisit: (slug: string) => ['clinic', slug, 'questionnaires', 'pre-visit'],
  appointment: (slug: string, appointmentId: string, lang: Lang) => ['clinic', slug, 'questionnaires', 'appointment', appointmentId, lang],
  response: (slug: string, id: string) => ['clinic', slug, 'questionnaires', 'response', id],
};

const clinic = (slug: string) => ({ path: { clinic: slug } });

export const libraryApi = {
  list: (slug: string, signal?: AbortSignal) => data(api.client.GET('/api/clinics/{clinic}/questionnaires', { params: clinic(slug), signal })),
  /** The resource is sent as parsed from what staff pasted or chose; the server checks it. */
  import: (slug: string, resource: unknown) =>
    data(api.client.POST('/api/clinics/{clinic}/questionnaires', { params: clinic(slug), body: resource as Schema<'JsonElement'> })),
  preview: (slug: string, id: string, versionId: string | null, language: Lang, signal?: AbortSignal) =>
    data(
      api.client.GET('/api/clinics/{clinic}/questionnaires/{id}/preview', {
        params: { path: { clinic: slug, id }, query: { language, ...(versionId ? { versionId } : {}) } },
        signal,
      }),
    ),
  preVisitTasks: (slug: string, signal?: AbortSignal) =>
    data(api.client.GET('/api/clinics/{clinic}/questionnaires/pre-visit-tasks', { params: clinic(slug), signal })),
  setPreVisitTasks: (slug: string, appointmentTypeId: string, tasks: PreVisitTask[]) =>
    data(
      api.client.PUT('/api/clinics/{clinic}/questionnaires/pre-visit-tasks/{appointmentTypeId}', {
        params: { path: { clinic: slug, appointmentTypeId } },
        body: { tasks },
      }),
    ),
  appointmentTasks: (slug: string, appointmentId: string, language: Lang, signal?: AbortSignal) =>
    data(
      api.client.GET('/api/clinics/{clinic}/questionnaires/appointments/{appointmentId}', {
        params: { path: { clinic: slug, appointmentId }, query: { language } },
        signal,
      }),
    ),
  /** Sends the patient the questionnaire on its own, in a new conversation whose message links to it. */
  send: (slug: string, patientId: string, questionnaireId: string) =>
    data(
      api.client.POST('/api/clinics/{clinic}/questionnaires/patients/{patientId}/sent', {
        params: { path: { clinic: slug, patientId } },
        body: { questionnaireId },
      }),
    ),
  response: (slug: string, id: string, signal?: AbortSignal) =>
    data(api.client.GET('/api/clinics/{clinic}/questionnaires/responses/{id}', { params: { path: { clinic: slug, id } }, signal })),
};

/** The title of a version in the reader's language, else in the other one. */
export function versionTitle(version: LibraryVersion, lang: Lang): string {
  return (version.languages.find((entry) => entry.language === lang) ?? version.languages[0])?.title ?? '';
}
