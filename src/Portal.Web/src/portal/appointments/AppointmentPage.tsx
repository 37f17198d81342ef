import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../shared/api';
import { describedBy, FieldError } from '../../shared/FieldError';
import { useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey } from '../../shared/i18n/translate';
import { QueryState } from '../../shared/QueryState';
import { followLink, type Navigate } from '../../shared/useLocationPath';
import { SendFeedback, sendFailed } from '../conversations/SendFeedback';
import { DocumentTitle, PortalPage } from '../PortalPage';
import { PreVisitTasks } from '../questionnaires/PreVisitTasks';
import { changeAppointmentPath, portalPath } from '../routes';
import { appointmentsApi, appointmentsKeys, calendarFileUrl, type MyAppointment } from './api';
import { AppointmentFacts } from './AppointmentFacts';
import { EARLIER_SLOT_ERRORS, EarlierSlotSection } from './EarlierSlot';
import { belongsInCalendar, changesClosed, typeName } from './labels';
import { CANCEL_REFUSALS } from './refusals';
import { formatWhen } from '../../shared/format';
import { VisitSection } from '../visit/VisitSection';

/** The longest reason the server takes. */
export const CANCEL_REASON_MAX_LENGTH = 500;

const LOAD_ERRORS = { appointment_not_found: msgKey('portal.appts.notFound') };

/** Why a cancellation or an answer to an earlier-time offer was refused, in the patient's language; other refusals show the server's own words. */
const PAGE_REFUSALS = { ...CANCEL_REFUSALS, ...EARLIER_SLOT_ERRORS };

interface Props {
  slug: string;
  clinicName: string;
  appointmentId: string;
  navigate: Navigate;
  onSessionEnded(): void;
}

/**
 * One appointment: what, with whom, where and when, its status, the pre-visit tasks, Change appointment time, the
 * request for an earlier time with any time offered, and Cancel appointment while the server allows them (or when doing
 * so online ended).
 */
export function AppointmentPage({ slug, clinicName, appointmentId, navigate, onSessionEnded }: Props) {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const key = appointmentsKeys.one(slug, appointmentId);
  const appointment = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => appointmentsApi.one(slug, appointmentId, signal),
    staleTime: 0,
  });
  const [done, setDone] = useState<string | null>(null);
  // Shown above the cancel section, which goes once a reload says the appointment can no longer be cancelled.
  const [refusal, setRefusal] = useState<unknown>(null);

  const back = (
    <p className="portal-back">
      <a href={portalPath(slug, 'appointments')} onClick={(event) => followLink(event, navigate)}>
        {t('portal.appts.back')} <span className="visually-hidden">{t('portal.appts.backTo')}</span>
      </a>
    </p>
  );

  if (!appointment.data) {
    const notFound = appointment.error instanceof ApiError && appointment.error.status === 404;
    return (
      <>
        {back}
        <DocumentTitle title={t('portal.pageTitle.page', { page: t('portal.appts.loadingTitle'), clinic: clinicName })} />
        <h2 tabIndex={-1}>{t('portal.appts.loadingTitle')}</h2>
        {notFound ? (
          <div role="alert" className="message error">
            <p>{t('portal.appts.notFound')}</p>
          </div>
        ) : (
          <QueryState query={appointment} errorMessages={LOAD_ERRORS} onSessionEnded={onSessionEnded}>
            {() => null}
          </QueryState>
        )}
      </>
    );
  }

  const loaded = appointment.data;
  const changed = (next: MyAppointment) => {
    queryClient.setQueryData(key, next);
    void queryClient.invalidateQueries({ queryKey: appointmentsKeys.all(slug), predicate: (query) => query.queryKey[3] !== 'one' });
  };
  return (
    <>
      {back}
      <PortalPage slug={slug} clinicName={clinicName} title={typeName(loaded.type, lang)} homeLink={false} navigate={navigate}>
        <SendFeedback pending={null} done={done} refusal={refusal} messages={PAGE_REFUSALS} />
        <AppointmentFacts
          facts={{
            typeName: typeName(loaded.type, lang),
            provider: loaded.provider,
            location: loaded.location,
            startsAt: loaded.startsAt,
            endsAt: loaded.endsAt,
            timeZone: loaded.timeZone,
            status: loaded.status,
          }}
        />
        {loaded.type.mode === 'virtual' && (
          <VisitSection slug={slug} appointmentId={loaded.id} timeZone={loaded.timeZone} onSessionEnded={onSessionEnded} />
        )}
        <PreVisitTasks slug={slug} appointmentId={loaded.id} timeZone={loaded.timeZone} navigate={navigate} onSessionEnded={onSessionEnded} />
        {belongsInCalendar(loaded) && (
          <p>
            <a href={calendarFileUrl(slug, loaded.id)} download>
              {t('portal.appts.addToCalendar')}
            </a>
          </p>
        )}
        {changesClosed(loaded) && <ChangesClosed appointment={loaded} />}
        {loaded.canChange && (
          <p>
            <a className="button secondary" href={changeAppointmentPath(slug, loaded.id)} onClick={(event) => followLink(event, navigate)}>
              {t('portal.change.open')}
            </a>
          </p>
        )}
        <EarlierSlotSection
          slug={slug}
          appointment={loaded}
          onTrying={() => {
            setRefusal(null);
            setDone(null);
          }}
          onChanged={(next, message) => {
            setDone(message);
            changed(next);
          }}
          onFailed={(caught) =>
            sendFailed(caught, { onSessionEnded, onRefused: () => void queryClient.invalidateQueries({ queryKey: key }), setRefusal })
          }
        />
        {loaded.canCancel && (
          <CancelSection
            slug={slug}
            appointment={loaded}
            onTrying={() => setRefusal(null)}
            onCancelled={(next) => {
              setDone(t('portal.appts.cancel.done'));
              changed(next);
            }}
            onFailed={(caught) =>
              sendFailed(caught, { onSessionEnded, onRefused: () => void queryClient.invalidateQueries({ queryKey: key }), setRefusal })
            }
          />
        )}
      </PortalPage>
    </>
  );
}

/** "Changes and cancellations online closed on …; please call the clinic." */
export function ChangesClosed({ appointment }: { appointment: MyAppointment }) {
  const { t, lang } = useI18n();
  return (
    <div className="message note">
      <p>{t('portal.change.closed', { when: formatWhen(appointment.changeableUntil, appointment.timeZone, lang) })}</p>
    </div>
  );
}

interface CancelProps {
  slug: string;
  appointment: MyAppointment;
  onTrying(): void;
  onCancelled(next: MyAppointment): void;
  onFailed(caught: unknown): void;
}

/** Cancel appointment: asks once more, with an optional reason, before anything is sent. */
function CancelSection({ slug, appointment, onTrying, onCancelled, onFailed }: CancelProps) {
  const { t } = useI18n();
  const id = useId();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const field = useRef<HTMLTextAreaElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const cancel = useMutation({ mutationFn: (text: string | null) => appointmentsApi.cancel(slug, appointment.id, text) });

  const open = () => {
    setAsking(true);
    onTrying();
    // The question's heading takes the focus once shown.
    requestAnimationFrame(() => document.getElementById(`${id}-heading`)?.focus());
  };

  const keep = () => {
    setAsking(false);
    setProblem(null);
    requestAnimationFrame(() => opener.current?.focus());
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (cancel.isPending) {
      return;
    }
    onTrying();
    const local = reason.length > CANCEL_REASON_MAX_LENGTH ? t('portal.appts.cancel.reasonTooLong', { max: CANCEL_REASON_MAX_LENGTH }) : null;
    setProblem(local);
    if (local) {
      field.current?.focus();
      return;
    }
    try {
      onCancelled(await cancel.mutateAsync(reason.trim() === '' ? null : reason.trim()));
    } catch (caught) {
      onFailed(caught);
    }
  };

  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  return (
    <section aria-labelledby={asking ? `${id}-heading` : undefined} aria-label={asking ? undefined : t('portal.appts.cancel')}>
      <div role="status" className="status-region">
        {cancel.isPending && <p>{t('portal.appts.cancel.sending')}</p>}
      </div>
      {!asking ? (
        <p>
          <button type="button" className="danger" ref={opener} onClick={open}>
            {t('portal.appts.cancel')}
          </button>
        </p>
      ) : (
        <form className="portal-form portal-reply" noValidate onSubmit={(event) => void submit(event)}>
          <h3 id={`${id}-heading`} tabIndex={-1}>
            {t('portal.appts.cancel.heading')}
          </h3>
          <p>{t('portal.appts.cancel.text')}</p>
          <div className="field">
            <label htmlFor={`${id}-reason`}>{t('portal.appts.cancel.reason')}</label>
            <p className="help" id={helpId}>
              {t('portal.appts.cancel.reasonHelp', { max: CANCEL_REASON_MAX_LENGTH })}
            </p>
            <textarea
              id={`${id}-reason`}
              ref={field}
              rows={3}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
              aria-invalid={problem ? true : undefined}
              aria-describedby={describedBy(helpId, problem && errorId)}
            />
            <FieldError id={errorId} message={problem} />
          </div>
          <div className="form-actions">
            <button type="submit" className="danger" aria-disabled={cancel.isPending ? true : undefined}>
              {t('portal.appts.cancel.confirm')}
            </button>
            <button type="button" className="secondary" onClick={keep}>
              {t('portal.appts.cancel.keep')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
