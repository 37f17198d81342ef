import { api, data, type Schema } from '../../shared/api';
import type { QuestionnaireResponse } from '../../shared/questionnaire/fhir';

/** The signed-in patient's pre-visit questionnaires. */

export type MyPreVisitTaskList = Schema<'MyPreVisitTaskList'>;
export type MyPreVisitTask = Schema<'MyPreVisitTask'>;
export type MyQuestionnaireForm = Schema<'MyQuestionnaireForm'>;
export type Lang = 'en' | 'fr';

/** Which form: an appointment's pre-visit questionnaire, or one the clinic sent on its own in a message. */
export type QuestionnaireTask = { appointmentId: string; questionnaireId: string } | { sentId: string };

export const questionnaireKeys = {
  all: (slug: string) => ['portal', slug, 'questionnaires'],
  tasks: (slug: string, appointmentId: string, lang: Lang) => ['portal', slug, 'questionnaires', 'tasks', appointmentId, lang],
  form: (slug: string, task: QuestionnaireTask, lang: Lang) =>
    'sentId' in task
      ? ['portal', slug, 'questionnaires', 'form', 'sent', task.sentId, lang]
      : ['portal', slug, 'questionnaires', 'form', task.appointmentId, task.questionnaireId, lang],
};

const formPath = '/api/clinics/{clinic}/portal/questionnaires/appointments/{appointmentId}/{questionnaireId}' as const;
const sentPath = '/api/clinics/{clinic}/portal/questionnaires/sent/{sentId}' as const;
const body = (response: QuestionnaireResponse) => response as unknown as Schema<'JsonElement'>;

export const questionnairesApi = {
  tasks: (slug: string, appointmentId: string, language: Lang, signal?: AbortSignal) =>
    data(
      api.client.GET('/api/clinics/{clinic}/portal/questionnaires/appointments/{appointmentId}', {
        params: { path: { clinic: slug, appointmentId }, query: { language } },
        signal,
      }),
    ),
  form: (slug: string, task: QuestionnaireTask, language: Lang, signal?: AbortSignal) =>
    'sentId' in task
      ? data(api.client.GET(sentPath, { params: { path: { clinic: slug, sentId: task.sentId }, query: { language } }, signal }))
      : data(api.client.GET(formPath, { params: { path: { clinic: slug, ...task }, query: { language } }, signal })),
  saveDraft: (slug: string, task: QuestionnaireTask, language: Lang, response: QuestionnaireResponse) =>
    'sentId' in task
      ? data(api.client.PUT(`${sentPath}/draft`, { params: { path: { clinic: slug, sentId: task.sentId }, query: { language } }, body: body(response) }))
      : data(api.client.PUT(`${formPath}/draft`, { params: { path: { clinic: slug, ...task }, query: { language } }, body: body(response) })),
  submit: (slug: string, task: QuestionnaireTask, language: Lang, response: QuestionnaireResponse) =>
    'sentId' in task
      ? data(api.client.POST(`${sentPath}/submission`, { params: { path: { clinic: slug, sentId: task.sentId }, query: { language } }, body: body(response) }))
      : data(api.client.POST(`${formPath}/submission`, { params: { path: { clinic: slug, ...task }, query: { language } }, body: body(response) })),
};
