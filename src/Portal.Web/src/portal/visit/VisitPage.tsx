import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, api, data } from '../../shared/api';
import { errorMessage, retryMessage } from '../../shared/errors';
import { describedBy } from '../../shared/FieldError';
import { useDocumentTitle, useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey } from '../../shared/i18n/translate';
import { visitApi, type VisitEntry } from '../../shared/visit/api';
import { stopStream } from '../../shared/visit/media';
import { PreCheck } from '../../shared/visit/PreCheck';
import { VisitCall } from '../../shared/visit/VisitCall';

/** Why the room refused, in the reader's language. */
export const VISIT_ERRORS = {
  visit_code_wrong: msgKey('visit.error.wrongCode'),
  visit_code_locked: msgKey('visit.error.locked'),
  visit_not_open: msgKey('visit.error.notOpen'),
  visit_closed: msgKey('visit.error.closed'),
  visit_not_found: msgKey('visit.error.notFound'),
  visit_patient_present: msgKey('visit.error.patientPresent'),
  not_visit_provider: msgKey('visit.error.notProvider'),
};

/** The longest code the server reads; a code is 10 characters. */
const CODE_MAX_LENGTH = 64;

type Step = { kind: 'check' } | { kind: 'call'; entry: VisitEntry; stream: MediaStream; joinedAt: number } | { kind: 'left' };

interface Props {
  slug: string;
  clinicName: string;
}

/** The title bar and the page's heading, focused when the step changes so that screen readers follow. */
function Heading({ text, clinicName, step }: { text: string; clinicName: string; step: string }) {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  useDocumentTitle(t('portal.pageTitle.page', { page: text, clinic: clinicName }));
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    heading.current?.focus();
  }, [step]);
  return (
    <h2 ref={heading} tabIndex={-1}>
      {text}
    </h2>
  );
}

/**
 * The patient's virtual visit, /{clinic}/visit/{room}: the access code from the notification (case-sensitive; the server
 * locks it after five wrong tries), the check of camera and microphone with the tips, then the call with the provider.
 * Needs no portal session: the code is the key.
 */
export function PatientVisitPage({ slug, clinicName, room }: Props & { room: string }) {
  const { t } = useI18n();
  const [entry, setEntry] = useState<VisitEntry | null>(null);
  const [step, setStep] = useState<Step>({ kind: 'check' });

  if (!entry) {
    return (
      <>
        <Heading text={t('visit.heading')} clinicName={clinicName} step="code" />
        <CodeForm slug={slug} room={room} onAdmitted={setEntry} />
      </>
    );
  }
  return (
    <VisitSteps
      clinicName={clinicName}
      heading={t('visit.heading')}
      joinLabel={t('visit.check.join')}
      otherName={entry.providerName}
      step={step}
      setStep={setStep}
      join={() => Promise.resolve(entry)}
    />
  );
}

/**
 * The provider's side of a visit, /{clinic}/visit/provider/{appointment}, opened from the appointment in the admin app:
 * a visit page because only these may use the camera. Admitted by the staff session.
 */
export function ProviderVisitPage({ slug, clinicName, appointmentId }: Props & { appointmentId: string }) {
  const { t } = useI18n();
  const [step, setStep] = useState<Step>({ kind: 'check' });
  const appointment = useQuery({
    queryKey: ['clinic', slug, 'appointments', 'one', appointmentId],
    queryFn: ({ signal }) =>
      data(api.client.GET('/api/clinics/{clinic}/appointments/{id}', { params: { path: { clinic: slug, id: appointmentId } }, signal })),
    retry: false,
  });
  const patient = appointment.data?.appointment.patient.displayName ?? t('visit.provider.patient');
  return (
    <VisitSteps
      clinicName={clinicName}
      heading={t('visit.provider.heading', { patient })}
      joinLabel={t('visit.check.start')}
      otherName={patient}
      step={step}
      setStep={setStep}
      join={() => visitApi.joinAsProvider(slug, appointmentId)}
    />
  );
}

interface StepsProps {
  clinicName: string;
  heading: string;
  joinLabel: string;
  otherName: string;
  step: Step;
  setStep(step: Step): void;
  join(): Promise<VisitEntry>;
}

/** The check, the call, and after hanging up a way back in. */
function VisitSteps({ clinicName, heading, joinLabel, otherName, step, setStep, join }: StepsProps) {
  const { t, lang } = useI18n();
  const headingId = useId();
  const joining = useMutation({ mutationFn: join });

  const start = (stream: MediaStream) => {
    const joinedAt = performance.now();
    joining.mutate(undefined, {
      onSuccess: (entry) => setStep({ kind: 'call', entry, stream, joinedAt }),
      onError: () => stopStream(stream),
    });
  };

  if (step.kind === 'call') {
    return (
      <>
        <Heading text={heading} clinicName={clinicName} step="call" />
        <VisitCall entry={step.entry} stream={step.stream} joinedAt={step.joinedAt} otherName={otherName} onHungUp={() => setStep({ kind: 'left' })} />
      </>
    );
  }
  if (step.kind === 'left') {
    return (
      <>
        <Heading text={heading} clinicName={clinicName} step="left" />
        <div role="status" className="message note">
          <p>{t('visit.left.text')}</p>
        </div>
        <p>
          <button type="button" onClick={() => setStep({ kind: 'check' })}>
            {t('visit.left.rejoin')}
          </button>
        </p>
      </>
    );
  }
  const failure = joining.error;
  const signIn = failure instanceof ApiError && (failure.status === 401 || failure.status === 403) && failure.code !== 'not_visit_provider';
  return (
    <>
      <Heading text={heading} clinicName={clinicName} step="check" />
      {failure && (
        <div role="alert" className="message error">
          <p>{signIn ? t('visit.error.signIn') : (retryMessage(failure, lang, t) ?? errorMessage(failure, t, VISIT_ERRORS))}</p>
        </div>
      )}
      <h3 id={headingId}>{t('visit.check.heading')}</h3>
      <PreCheck headingId={headingId} joinLabel={joining.isPending ? t('visit.check.joining') : joinLabel} joining={joining.isPending} onJoin={start} />
    </>
  );
}

/** The access code: checked by the server, which says why it refused. */
function CodeForm({ slug, room, onAdmitted }: { slug: string; room: string; onAdmitted(entry: VisitEntry): void }) {
  const { t, lang } = useI18n();
  const id = useId();
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const field = useRef<HTMLInputElement>(null);
  const join = useMutation({ mutationFn: (value: string) => visitApi.joinByCode(slug, room, value) });

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (join.isPending) {
      return;
    }
    // Spaces around a pasted code are never part of it; its letters' case is.
    const value = code.trim();
    if (value === '') {
      setProblem(t('visit.code.required'));
      field.current?.focus();
      return;
    }
    setProblem(null);
    try {
      onAdmitted(await join.mutateAsync(value));
    } catch (caught) {
      setProblem(retryMessage(caught, lang, t) ?? errorMessage(caught, t, VISIT_ERRORS));
      field.current?.focus();
    }
  };

  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  return (
    <form className="portal-form" noValidate onSubmit={(event) => void submit(event)}>
      <p>{t('visit.code.intro')}</p>
      <div role="status" className="status-region">
        {join.isPending && <p>{t('visit.code.checking')}</p>}
      </div>
      {problem && (
        <div role="alert" className="message error" id={errorId}>
          <p>{problem}</p>
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-code`}>{t('visit.code.label')}</label>
        <p className="help" id={helpId}>
          {t('visit.code.help')}
        </p>
        <input
          id={`${id}-code`}
          ref={field}
          className="visit-code"
          value={code}
          onChange={(event) => setCode(event.target.value)}
          maxLength={CODE_MAX_LENGTH}
          autoComplete="one-time-code"
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
          aria-invalid={problem ? true : undefined}
          aria-describedby={describedBy(helpId, problem && errorId)}
        />
      </div>
      <div className="form-actions">
        <button type="submit" aria-disabled={join.isPending ? true : undefined}>
          {t('visit.code.submit')}
        </button>
      </div>
      <p className="help">{t('visit.code.resendHelp')}</p>
    </form>
  );
}
