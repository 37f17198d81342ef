import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, data, type Schema } from '../../shared/api';
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

/** The questionnaires the patient submitted, newest first; each opens to the answers as the patient gave them. */
export function PatientQuestionnairesTab({ slug, patientId, onSessionEnded }: { slug: string; patientId: string; onSessionEnded(): void }) {
  const { t } = useI18n();
  const list = useQuery({ queryKey: keys.list(slug, patientId), queryFn: ({ signal }) => questionnairesApi.list(slug, patientId, signal) });
  const [open, setOpen] = useState<string | null>(null);
  return (
    <section aria-labelledby="chart-questionnaires">
      <h2 id="chart-questionnaires">{t('questionnaires.chart.heading')}</h2>
      <QueryState
        query={list}
        isEmpty={(loaded) => loaded.items.length === 0}
        empty={<p>{t('questionnaires.chart.none')}</p>}
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
