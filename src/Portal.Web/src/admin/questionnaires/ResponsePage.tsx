import { useQuery } from '@tanstack/react-query';
import { useClinicZone } from '../../shared/clinicZone';
import { formatDateTime } from '../../shared/format';
import { useDocumentTitle, useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey } from '../../shared/i18n/translate';
import { QueryState } from '../../shared/QueryState';
import { asQuestionnaire, asResponse, fromResponse } from '../../shared/questionnaire/fhir';
import { QuestionnaireForm } from '../../shared/questionnaire/QuestionnaireForm';
import { followLink, type Navigate } from '../../shared/useLocationPath';
import { appointmentPath, patientPath } from '../routes';
import { libraryApi, libraryKeys } from './api';

interface Props {
  slug: string;
  clinicName: string;
  responseId: string;
  navigate: Navigate;
  onSessionEnded(): void;
}

const LOAD_ERRORS = { response_not_found: msgKey('questionnaires.response.notFound') };

/** One submitted questionnaire, read-only, as the patient answered it: reached from the appointment it was for. */
export function ResponsePage({ slug, clinicName, responseId, navigate, onSessionEnded }: Props) {
  const { t, lang } = useI18n();
  const zone = useClinicZone();
  const response = useQuery({ queryKey: libraryKeys.response(slug, responseId), queryFn: ({ signal }) => libraryApi.response(slug, responseId, signal) });
  const title = response.data?.summary.title ?? t('questionnaires.preview.loading');
  useDocumentTitle(t('questionnaires.response.pageTitle', { title, clinic: clinicName }));
  return (
    <QueryState query={response} errorMessages={LOAD_ERRORS} onSessionEnded={onSessionEnded}>
      {(loaded) => {
        const questionnaire = asQuestionnaire(loaded.questionnaire);
        const { summary } = loaded;
        return (
          <>
            <p className="breadcrumb">
              <a href={patientPath(slug, loaded.patientId, 'questionnaires')} onClick={(event) => followLink(event, navigate)}>
                {t('questionnaires.response.chart')}
              </a>
              {summary.appointmentId && (
                <>
                  {' › '}
                  <a href={appointmentPath(slug, summary.appointmentId)} onClick={(event) => followLink(event, navigate)}>
                    {t('questionnaires.response.appointment')}
                  </a>
                </>
              )}
            </p>
            <h1>{summary.title}</h1>
            <p>
              {t('questionnaires.chart.submitted', { when: formatDateTime(summary.submittedAt, lang, zone) })}
              {summary.totalScore !== null && <> · {t('questionnaires.chart.total', { score: summary.totalScore })}</>}
            </p>
            {questionnaire && (
              <div lang={loaded.language}>
                <QuestionnaireForm questionnaire={questionnaire} answers={fromResponse(asResponse(loaded.response))} readOnly idBase="response" />
              </div>
            )}
          </>
        );
      }}
    </QueryState>
  );
}
