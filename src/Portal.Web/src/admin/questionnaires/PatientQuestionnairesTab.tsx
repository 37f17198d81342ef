import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { api, ApiError, data, type Schema } from '../../shared/api';
import { errorMessage } from '../../shared/errors';
import { msgKey } from '../../shared/i18n/translate';
import { followLink, type Navigate } from '../../shared/useLocationPath';
import { conversationAdminPath } from '../routes';
import { SelectField } from '../SelectField';
import { libraryApi, libraryKeys, versionTitle } from './api';
import { useClinicZone } from '../../shared/clinicZone';
import { formatDateTime } from '../../shared/format';
import { useI18n } from '../../shared/i18n/I18nProvider';
import { QueryState } from '../../shared/QueryState';
import { asQuestionnaire, asResponse, fromResponse } from '../../shared/questionnaire/fhir';
import { QuestionnaireForm } from '../../shared/questionnaire/QuestionnaireForm';

type Summary = Schema<'ChartResponseSummary'>;

const keys = {
  list: (slug: string, patientId: string) => ['admin', slug, 'questionnaires', 'patient', patientId],
  one: (slug: string, id: string) => ['admin', slug, 'questionnaires', 'response', id],
};

const questionnairesApi = {
  list: (slug: string, patientId: string, signal?: AbortSignal) =>
    data(api.client.GET('/api/clinics/{clinic}/questionnaires/patients/{patientId}/responses', { params: { path: { clinic: slug, patientId } }, signal })),
  one: (slug: string, id: string, signal?: AbortSignal) =>
    data(api.client.GET('/api/clinics/{clinic}/questionnaires/responses/{id}', { params: { path: { clinic: slug, id } }, signal })),
};

const SEND_ERRORS = {
  patient_not_found: msgKey('questionnaires.send.error.patient'),
  questionnaire_not_found: msgKey('questionnaires.send.error.questionnaire'),
};

interface TabProps {
  slug: string;
  patientId: string;
  navigate: Navigate;
  onSessionEnded(): void;
}

/**
 * The questionnaires the patient submitted, newest first; each opens to the answers as the patient gave them. Above them,
 * sending the patient a questionnaire on its own, in a secure message that links to it.
 */
export function PatientQuestionnairesTab({ slug, patientId, navigate, onSessionEnded }: TabProps) {
  const { t } = useI18n();
  const list = useQuery({ queryKey: keys.list(slug, patientId), queryFn: ({ signal }) => questionnairesApi.list(slug, patientId, signal) });
  const [open, setOpen] = useState<string | null>(null);
  return (
    <>
      <SendQuestionnaire slug={slug} patientId={patientId} navigate={navigate} onSessionEnded={onSessionEnded} />
      <section aria-labelledby="chart-questionnaires">
        <h2 id="chart-questionnaires">{t('questionnaires.chart.heading')}</h2>
        <QueryState
          query={list}
          isEmpty={(loaded) => loaded.items.length === 0}
          empty={t('questionnaires.chart.none')}
          onSessionEnded={onSessionEnded}
        >
          {(loaded) => (
            <ul className="chart-questionnaires">
              {loaded.items.map((summary) => (
                <li key={summary.id}>
                  <ResponseRow slug={slug} summary={summary} open={open === summary.id} onToggle={() => setOpen(open === summary.id ? null : summary.id)} />
                </li>
              ))}
            </ul>
          )}
        </QueryState>
      </section>
    </>
  );
}

function SendQuestionnaire({ slug, patientId, navigate, onSessionEnded }: TabProps) {
  const { t, lang } = useI18n();
  const id = useId();
  const queryClient = useQueryClient();
  const library = useQuery({ queryKey: libraryKeys.library(slug), queryFn: ({ signal }) => libraryApi.list(slug, signal) });
  const [chosen, setChosen] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const send = useMutation({
    mutationFn: (questionnaireId: string) => libraryApi.send(slug, patientId, questionnaireId),
    onSuccess: () => {
      setChosen('');
      void queryClient.invalidateQueries({ queryKey: ['clinic', slug, 'messaging'] });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 401) {
        onSessionEnded();
      }
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!chosen) {
      setProblem(t('questionnaires.send.choose'));
      document.getElementById(`${id}-questionnaire`)?.focus();
      return;
    }
    setProblem(null);
    send.mutate(chosen);
  };
  const options = (library.data?.items ?? []).flatMap((entry) =>
    entry.versions[0] ? [{ id: entry.id, label: versionTitle(entry.versions[0], lang) }] : [],
  );
  return (
    <form noValidate onSubmit={submit} className="form-section" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('questionnaires.send.heading')}</h2>
      <p>{t('questionnaires.send.intro')}</p>
      <SelectField
        id={`${id}-questionnaire`}
        label={t('questionnaires.send.questionnaire')}
        value={chosen}
        onChange={(value) => {
          setChosen(value);
          setProblem(null);
          send.reset();
        }}
        placeholder={t('questionnaires.send.placeholder')}
        options={options}
        problem={problem}
      />
      <p>
        <button type="submit" className="secondary" disabled={send.isPending || library.isPending}>
          {t('questionnaires.send.submit')}
        </button>
      </p>
      <div role="status" className="status-region">
        {send.isPending ? (
          <p>{t('questionnaires.send.sending')}</p>
        ) : send.data ? (
          <p className="message success">
            {t('questionnaires.send.sent', { title: send.data.title })}{' '}
            <a href={conversationAdminPath(slug, send.data.conversationId)} onClick={(event) => followLink(event, navigate)}>
              {t('questionnaires.send.conversation')}
            </a>
          </p>
        ) : null}
      </div>
      {send.isError && (
        <div role="alert" className="message error">
          <p>{errorMessage(send.error, t, SEND_ERRORS)}</p>
        </div>
      )}
    </form>
  );
}

function ResponseRow({ slug, summary, open, onToggle }: { slug: string; summary: Summary; open: boolean; onToggle(): void }) {
  const { t, lang } = useI18n();
  const zone = useClinicZone();
  const panel = `response-${summary.id}`;
  return (
    <>
        <h3>
          <button type="button" className="button secondary" aria-expanded={open} aria-controls={panel} onClick={onToggle}>
            {summary.title}
          </button>
        </h3>
        <p>
          {t('questionnaires.chart.submitted', { when: formatDateTime(summary.submittedAt, lang, zone) })}
          {summary.totalScore !== null && <> · {t('questionnaires.chart.total', { score: summary.totalScore })}</>}
        </p>
        <div id={panel} hidden={!open}>
          {open && <ResponseView slug={slug} id={summary.id} />}
        </div>
    </>
  );
}

function ResponseView({ slug, id }: { slug: string; id: string }) {
  const one = useQuery({ queryKey: keys.one(slug, id), queryFn: ({ signal }) => questionnairesApi.one(slug, id, signal) });
  return (
    <QueryState query={one}>
      {(loaded) => {
        const questionnaire = asQuestionnaire(loaded.questionnaire);
        return questionnaire ? (
          <QuestionnaireForm questionnaire={questionnaire} answers={fromResponse(asResponse(loaded.response))} readOnly />
        ) : null;
      }}
    </QueryState>
  );
}
