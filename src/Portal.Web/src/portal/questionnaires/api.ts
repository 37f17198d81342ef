import { api, data, type Schema } from '../../shared/api';
import type { QuestionnaireResponse } from '../../shared/questionnaire/fhir';

/** The signed-in patient's pre-visit questionnaires. */

export type MyPreVisitTaskList = Schema<'MyPreVisitTaskList'>;
export type MyPreVisitTask = Schema<'MyPreVisitTask'>;
export type MyQuestionnaireForm = Schema<'MyQuestionnaireForm'>;
export type Lang = 'en' | 'fr';

export const questionnaireKeys = {
  all: (slug: string) => ['portal', slug, 'questionnaires'],
  tasks: (slug: string, appointmentId: string, lang: Lang) => ['portal', slug, 'questionnaires', 'tasks', appointmentId, lang],
  form: (slug: string, appointmentId: string, questionnaireId: string, lang: Lang) =>
    ['portal', slug, 'questionnaires', 'form', appointmentId, questionnaireId, lang],
};

const formPath = '/api/clinics/{clinic}/portal/questionnaires/appointments/{appointmentId}/{questionnaireId}' as const;

export const questionnairesApi = {
  tasks: (slug: string, appointmentId: string, language: Lang, signal?: AbortSignal) =>
    data(
      api.client.GET('/api/clinics/{clinic}/portal/questionnaires/appointments/{appointmentId}', {
        params: { path: { clinic: slug, appointmentId }, query: { language } },
        signal,
      }),
    ),
  form: (slug: string, appointmentId: string, questionnaireId: string, language: Lang, signal?: AbortSignal) =>
    data(api.client.GET(formPath, { params: { path: { clinic: slug, appointmentId, questionnaireId }, query: { language } }, signal })),
  saveDraft: (slug: string, appointmentId: string, questionnaireId: string, language: Lang, response: QuestionnaireResponse) =>
    data(
      api.client.PUT(`${formPath}/draft`, {
        params: { path: { clinic: slug, appointmentId, questionnaireId }, query: { language } },
        body: response as unknown as Schema<'JsonElement'>,
      }),
    ),
  submit: (slug: string, appointmentId: string, questionnaireId: string, language: Lang, response: QuestionnaireResponse) =>
    data(
      api.client.POST(`${formPath}/submission`, {
        params: { path: { clinic: slug, appointmentId, questionnaireId }, query: { language } },
        body: response as unknown as Schema<'JsonElement'>,
      }),
    ),
};
