import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { ApiError } from '../../shared/api';
import { useClinicZone } from '../../shared/clinicZone';
import { formatWhen } from '../../shared/format';
import { useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey } from '../../shared/i18n/translate';
import { asQuestionnaire, asResponse, fromResponse, missingRequired, toResponse, type Answer, type Questionnaire } from '../../shared/questionnaire/fhir';
import { firstControlId, QuestionnaireForm } from '../../shared/questionnaire/QuestionnaireForm';
import { questionnaireErrorKey } from '../../shared/questionnaire/messages';
import { QueryState } from '../../shared/QueryState';
import { followLink, type Navigate } from '../../shared/useLocationPath';
import { sendFailed, SendFeedback } from '../conversations/SendFeedback';
import { DocumentTitle, PortalPage } from '../PortalPage';
import { appointmentPath, portalPath } from '../routes';
import { questionnaireKeys, questionnairesApi, type MyQuestionnaireForm, type QuestionnaireTask } from './api';

/** How long after the last change the draft is saved. */
export const DRAFT_DELAY_MS = 1500;

const LOAD_ERRORS = {
  appointment_not_found: msgKey('portal.questionnaire.notFound'),
  questionnaire_not_found: msgKey('portal.questionnaire.notFound'),
};

const REFUSALS = { already_submitted: msgKey('portal.questionnaire.alreadySubmitted') };

interface Props {
  slug: string;
  clinicName: string;
  task: QuestionnaireTask;
  navigate: Navigate;
  onSessionEnded(): void;
}

/** A pre-visit questionnaire, or one the clinic sent on its own (opened from its message):: filled in with drafts saved as the patient goes, then submitted, after which it is read-only. */
export function QuestionnairePage({ slug, clinicName, task, navigate, onSessionEnded }: Props) {
  const { t, lang } = useI18n();
  const form = useQuery({
    queryKey: questionnaireKeys.form(slug, task, lang),
    queryFn: ({ signal }) => questionnairesApi.form(slug, task, lang, signal),
  });
  const sent = 'sentId' in task;
  const back = (
    <p className="portal-back">
      <a href={sent ? portalPath(slug, 'messages') : appointmentPath(slug, task.appointmentId)} onClick={(event) => followLink(event, navigate)}>
        {t('portal.appts.back')} <span className="visually-hidden">{t(sent ? 'portal.questionnaire.backToMessages' : 'portal.questionnaire.backTo')}</span>
      </a>
    </p>
  );
  const questionnaire = form.data ? asQuestionnaire(form.data.questionnaire) : null;
  if (!form.data || !questionnaire) {
    return (
      <>
        {back}
        <DocumentTitle title={t('portal.pageTitle.page', { page: t('portal.questionnaire.loadingTitle'), clinic: clinicName })} />
        <h2 tabIndex={-1}>{t('portal.questionnaire.loadingTitle')}</h2>
        <QueryState query={form} errorMessages={LOAD_ERRORS} onSessionEnded={onSessionEnded}>
          {() => null}
        </QueryState>
      </>
    );
  }
  return (
    <>
      {back}
      <PortalPage slug={slug} clinicName={clinicName} title={form.data.title} homeLink={false} navigate={navigate}>
        <FormBody
          slug={slug}
          task={task}
          form={form.data}
          questionnaire={questionnaire}
          onSessionEnded={onSessionEnded}
          onSaved={() => void form.refetch()}
        />
      </PortalPage>
    </>
  );
}

interface BodyProps {
  slug: string;
  task: QuestionnaireTask;
  form: MyQuestionnaireForm;
  questionnaire: Questionnaire;
  onSessionEnded(): void;
  onSaved(): void;
}

function FormBody({ slug, task, form, questionnaire, onSessionEnded, onSaved }: BodyProps) {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const idBase = useId();
  const zone = useClinicZone() ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const summary = useRef<HTMLDivElement>(null);
  // The answers live here across language switches: both languages of a version ask the same questions.
  const [answers, setAnswers] = useState<Record<string, Answer[]>>(() => fromResponse(asResponse(form.response)));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [dirty, setDirty] = useState(false);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<unknown>(null);
  const [showSummary, setShowSummary] = useState(false);
  const submitted = form.status === 'submitted';

  const draft = useMutation({
    mutationFn: (next: Record<string, Answer[]>) => questionnairesApi.saveDraft(slug, task, lang, toResponse(questionnaire, next)),
  });
  const submit = useMutation({
    mutationFn: () => questionnairesApi.submit(slug, task, lang, toResponse(questionnaire, answers)),
  });

  useEffect(() => {
    if (!dirty || submitted) {
      return undefined;
    }
    const timer = window.setTimeout(() => {
      setDirty(false);
      draft
        .mutateAsync(answers)
        .then(() => setSavedAt(new Date().toISOString()))
        .catch((caught: unknown) => {
          if (caught instanceof ApiError && caught.status === 401) {
            onSessionEnded();
          }
        });
    }, DRAFT_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [answers, dirty, submitted, draft, onSessionEnded]);

  const showErrors = (next: Record<string, string>) => {
    setErrors(next);
    setShowSummary(Object.keys(next).length > 0);
    requestAnimationFrame(() => summary.current?.focus());
  };

  const onSubmit = async () => {
    setRefusal(null);
    const missing = missingRequired(questionnaire, answers);
    if (missing.length) {
      showErrors(Object.fromEntries(missing.map((item) => [item.linkId, t('questionnaire.error.required')])));
      return;
    }
    try {
      await submit.mutateAsync();
      setErrors({});
      setShowSummary(false);
      void queryClient.invalidateQueries({ queryKey: questionnaireKeys.all(slug) });
      onSaved();
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'response_invalid') {
        showErrors(Object.fromEntries(Object.entries(caught.fieldCodes).map(([linkId, codes]) => [linkId, t(questionnaireErrorKey(codes[0]))])));
        return;
      }
      sendFailed(caught, { onSessionEnded, onRefused: onSaved, setRefusal });
    }
  };

  const errorItems = Object.entries(errors);
  const texts = Object.fromEntries((questionnaire.item ? flatten(questionnaire.item) : []).map((item) => [item.linkId, item.text ?? item.linkId]));
  return (
    <>
      <SendFeedback pending={submit.isPending ? t('portal.questionnaire.submitting') : null} refusal={refusal} messages={REFUSALS} />
      {submitted ? (
        <div className="message success" role="status">
          <p>{t('portal.questionnaire.submittedOn', { when: formatWhen(form.submittedAt ?? new Date().toISOString(), zone, lang) })}</p>
        </div>
      ) : form.dueAt ? (
        <p>{t('portal.questionnaire.due', { when: formatWhen(form.dueAt, zone, lang) })}</p>
      ) : (
        <p>{t('portal.questionnaire.savedAsYouGo')}</p>
      )}
      {showSummary && errorItems.length > 0 && (
        <div className="message error" role="alert" tabIndex={-1} ref={summary}>
          <p>{t('portal.questionnaire.fix', { count: errorItems.length })}</p>
          <ul>
            {errorItems.map(([linkId, message]) => (
              <li key={linkId}>
                <a href={`#${firstControlId(idBase, linkId)}`}>
                  {texts[linkId] ?? linkId}: {message}
                </a>
              </li>
            ))}
          </ul>
        </div>
      )}
      <form
        className="portal-form"
        noValidate
        aria-label={form.title}
        onSubmit={(event) => {
          event.preventDefault();
          void onSubmit();
        }}
      >
        <QuestionnaireForm
          questionnaire={questionnaire}
          answers={answers}
          errors={errors}
          readOnly={submitted}
          idBase={idBase}
          onChange={(linkId, next) => {
            setAnswers((current) => ({ ...current, [linkId]: next }));
            setDirty(true);
            if (errors[linkId]) {
              setErrors(({ [linkId]: _gone, ...rest }) => rest);
            }
          }}
        />
        {!submitted && (
          <>
            <div role="status" className="status-region">
              {draft.isPending ? <p>{t('portal.questionnaire.saving')}</p> : savedAt && <p>{t('portal.questionnaire.saved')}</p>}
            </div>
            <p>
              <button type="submit" disabled={submit.isPending}>
                {t('portal.questionnaire.submit')}
              </button>
            </p>
          </>
        )}
      </form>
    </>
  );
}

function flatten(items: NonNullable<Questionnaire['item']>): NonNullable<Questionnaire['item']> {
  return items.flatMap((item) => [item, ...flatten(item.item ?? [])]);
}
