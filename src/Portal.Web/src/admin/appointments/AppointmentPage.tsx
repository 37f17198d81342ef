import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from '../../shared/api';
import { LocalError } from '../../shared/errors';
import { formatDateTime, zoneNameWhereUnclear } from '../../shared/format';
import { useClinicZone } from '../../shared/clinicZone';
import { useDocumentTitle, useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey } from '../../shared/i18n/translate';
import { QueryState } from '../../shared/QueryState';
import { followLink, type Navigate } from '../../shared/useLocationPath';
import { AppointmentQuestionnaires } from '../questionnaires/AppointmentQuestionnaires';
import { appointmentsPath, patientPath } from '../routes';
import { SelectField } from '../SelectField';
import {
  appointmentsApi,
  appointmentKeys,
  PROGRESS_STATUSES,
  type ProgressStatus,
  type StaffAppointment,
  type StaffAppointmentDetail,
} from './api';
import { calendarSearch } from './calendar';
import { APPOINTMENT_ERRORS, appointmentError, formatClinicTime, formatClinicWhen, providerName, statusName, typeName } from './labels';
import { emptyWhen, whenRequest, type WhenChoice } from './when';
import { useFreeSlots, WhenFields } from './WhenFields';
import { VisitPanel } from './VisitPanel';

interface Props {
  slug: string;
  clinicName: string;
  appointmentId: string;
  navigate: Navigate;
  onSessionEnded(): void;
  /** A message key to show once, such as "Appointment booked." after booking. */
  notice: string | null;
}

const PROGRESS_KEYS: Record<ProgressStatus, string> = {
  confirmed: msgKey('appts.action.confirmed'),
  arrived: msgKey('appts.action.arrived'),
  in_room: msgKey('appts.action.inRoom'),
  completed: msgKey('appts.action.completed'),
  no_show: msgKey('appts.action.noShow'),
};

const DONE_KEYS: Record<ProgressStatus | 'approved' | 'declined' | 'cancelled' | 'moved', string> = {
  confirmed: msgKey('appts.done.confirmed'),
  arrived: msgKey('appts.done.arrived'),
  in_room: msgKey('appts.done.inRoom'),
  completed: msgKey('appts.done.completed'),
  no_show: msgKey('appts.done.noShow'),
  approved: msgKey('appts.done.approved'),
  declined: msgKey('appts.done.declined'),
  cancelled: msgKey('appts.done.cancelled'),
  moved: msgKey('appts.done.moved'),
};

/** The audit actions of an appointment's history -> their names. */
const HISTORY_KEYS: Readonly<Record<string, string>> = {
  'appointments.appointment.booked': msgKey('appts.history.booked'),
  'appointments.appointment.approved': msgKey('appts.history.approved'),
  'appointments.appointment.declined': msgKey('appts.history.declined'),
  'appointments.appointment.cancelled': msgKey('appts.history.cancelled'),
  'appointments.appointment.moved': msgKey('appts.history.moved'),
  'appointments.appointment.status_changed': msgKey('appts.history.statusChanged'),
};

const MOVABLE = new Set(['requested', 'booked', 'confirmed']);

type Panel = 'none' | 'move' | 'cancel' | 'decline';

type Action =
  | { kind: 'approve' }
  | { kind: 'decline'; reason: string | null }
  | { kind: 'cancel'; reason: string }
  | { kind: 'status'; status: ProgressStatus }
  | { kind: 'move'; body: { startsAt: string; anyTime: boolean; locationId: string | null; providerId: string } };

/** One appointment for staff: who, what, where and when, its status and history, and what may be done with it now. */
export function AppointmentPage({ slug, clinicName, appointmentId, navigate, onSessionEnded, notice }: Props) {
  const { t, lang } = useI18n();
  const zone = useClinicZone();
  const queryClient = useQueryClient();
  const key = appointmentKeys.appointment(slug, appointmentId);
  const query = useQuery({ queryKey: key, queryFn: ({ signal }) => appointmentsApi.appointment(slug, appointmentId, signal), staleTime: 0 });
  const [status, setStatus] = useState<string | null>(null);
  const [panel, setPanel] = useState<Panel>('none');
  const heading = useRef<HTMLHeadingElement>(null);
  const loaded = query.data;
  const title = loaded
    ? t('appts.detail.pageTitle', { type: typeName(loaded.appointment.type, lang), patient: loaded.appointment.patient.displayName ?? '', clinic: clinicName })
    : t('appts.detail.loadingTitle', { clinic: clinicName });
  useDocumentTitle(title);
  useEffect(() => setStatus(notice ? t(notice) : null), [notice, t]);

  const action = useMutation({
    mutationFn: (chosen: Action): Promise<StaffAppointment> => {
      switch (chosen.kind) {
        case 'approve':
          return appointmentsApi.approve(slug, appointmentId);
        case 'decline':
          return appointmentsApi.decline(slug, appointmentId, chosen.reason);
        case 'cancel':
          return appointmentsApi.cancel(slug, appointmentId, chosen.reason);
        case 'status':
          return appointmentsApi.setStatus(slug, appointmentId, chosen.status);
        case 'move':
          return appointmentsApi.move(slug, appointmentId, chosen.body);
      }
    },
    onSuccess: async (_, chosen) => {
      const done =
        chosen.kind === 'status'
          ? DONE_KEYS[chosen.status]
          : DONE_KEYS[chosen.kind === 'approve' ? 'approved' : chosen.kind === 'decline' ? 'declined' : chosen.kind === 'cancel' ? 'cancelled' : 'moved'];
      setPanel('none');
      await queryClient.invalidateQueries({ queryKey: appointmentKeys.all(slug) });
      setStatus(t(done));
      heading.current?.focus();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 401) {
        onSessionEnded();
      }
    },
  });

  const run = (chosen: Action) => {
    setStatus(null);
    action.mutate(chosen);
  };

  const open = (next: Panel) => {
    action.reset();
    setStatus(null);
    setPanel(next);
  };

  const calendarLink = loaded
    ? `${appointmentsPath(slug)}${calendarSearch({ view: 'day', date: loaded.appointment.startsAt.slice(0, 10), provider: loaded.appointment.provider.id })}`
    : appointmentsPath(slug);

  return (
    <>
      <p className="breadcrumb">
        <a href={calendarLink} onClick={(event) => followLink(event, navigate)}>
          {t('appts.breadcrumb')}
        </a>
      </p>
      <QueryState query={query} errorMessages={APPOINTMENT_ERRORS} onSessionEnded={onSessionEnded}>
        {(detail) => {
          const appointment = detail.appointment;
          const progress = PROGRESS_STATUSES.filter((next) => appointment.nextStatuses.includes(next));
          const canCancel = appointment.nextStatuses.includes('cancelled');
          const requested = appointment.status === 'requested';
          const busy = action.isPending;
          return (
            <>
              <h1 ref={heading} tabIndex={-1}>
                {typeName(appointment.type, lang)} – {appointment.patient.displayName ?? t('appts.patient.unknown')}
              </h1>
              <div role="status" className="status-region">
                {status && (
                  <div className="message success">
                    <p>{status}</p>
                  </div>
                )}
              </div>
              <Facts slug={slug} detail={detail} navigate={navigate} />
              <AppointmentQuestionnaires slug={slug} appointmentId={appointment.id} navigate={navigate} onSessionEnded={onSessionEnded} />

              <h2>{t('appts.detail.actions')}</h2>
              {action.isError && (
                <div role="alert" className="message error">
                  <p>{appointmentError(action.error, t)}</p>
                </div>
              )}
              {requested || progress.length > 0 || MOVABLE.has(appointment.status) || canCancel ? (
                <p className="appointment-actions">
                  {requested && (
                    <>
                      <button type="button" disabled={busy} onClick={() => run({ kind: 'approve' })}>
                        {t('appts.action.approve')}
                      </button>{' '}
                      <button type="button" className="secondary" disabled={busy} onClick={() => open('decline')} aria-expanded={panel === 'decline'}>
                        {t('appts.action.decline')}
                      </button>{' '}
                    </>
                  )}
                  {progress.map((next) => (
                    <span key={next}>
                      <button type="button" className="secondary" disabled={busy} onClick={() => run({ kind: 'status', status: next })}>
                        {t(PROGRESS_KEYS[next])}
                      </button>{' '}
                    </span>
                  ))}
                  {MOVABLE.has(appointment.status) && (
                    <>
                      <button type="button" className="secondary" disabled={busy} onClick={() => open('move')} aria-expanded={panel === 'move'}>
                        {t('appts.action.move')}
                      </button>{' '}
                    </>
                  )}
                  {canCancel && (
                    <button type="button" className="danger" disabled={busy} onClick={() => open('cancel')} aria-expanded={panel === 'cancel'}>
                      {t('appts.action.cancel')}
                    </button>
                  )}
                </p>
              ) : (
                <p>{t('appts.detail.noActions')}</p>
              )}
              {panel === 'decline' && (
                <ReasonForm
                  id="decline"
                  heading={t('appts.decline.heading')}
                  label={t('appts.decline.reason')}
                  required={false}
                  submit={t('appts.decline.submit')}
                  busy={busy}
                  onCancel={() => setPanel('none')}
                  onSubmit={(reason) => run({ kind: 'decline', reason: reason || null })}
                />
              )}
              {panel === 'cancel' && (
                <ReasonForm
                  id="cancel"
                  heading={t('appts.cancel.heading')}
                  label={t('appts.cancel.reason')}
                  required
                  submit={t('appts.cancel.submit')}
                  busy={busy}
                  onCancel={() => setPanel('none')}
                  onSubmit={(reason) => run({ kind: 'cancel', reason })}
                />
              )}
              {panel === 'move' && (
                <MoveForm
                  slug={slug}
                  appointment={appointment}
                  busy={busy}
                  onCancel={() => setPanel('none')}
                  onSubmit={(body) => run({ kind: 'move', body })}
                />
              )}

              {appointment.type.mode === 'virtual' && <VisitPanel slug={slug} appointmentId={appointment.id} onSessionEnded={onSessionEnded} />}

              <h2>{t('appts.detail.history')}</h2>
              {detail.history.length === 0 ? (
                <p>{t('appts.detail.noHistory')}</p>
              ) : (
                <ul className="plain-list">
                  {detail.history.map((entry, index) => (
                    <li key={`${entry.at}-${index}`}>
                      {t('appts.history.entry', {
                        when: formatDateTime(entry.at, lang, zone),
                        what: HISTORY_KEYS[entry.action] ? t(HISTORY_KEYS[entry.action]!) : entry.action,
                        who: entry.actorLabel ?? t('appts.history.someone'),
                      })}
                      {entry.status ? ` (${statusName(entry.status, t)})` : ''}
                    </li>
                  ))}
                </ul>
              )}
            </>
          );
        }}
      </QueryState>
    </>
  );
}

function Facts({ slug, detail, navigate }: { slug: string; detail: StaffAppointmentDetail; navigate: Navigate }) {
  const { t, lang } = useI18n();
  const zone = useClinicZone();
  const appointment = detail.appointment;
  return (
    <dl className="facts">
      <Fact term={t('appts.detail.patient')}>
        <a href={patientPath(slug, appointment.patient.id)} onClick={(event) => followLink(event, navigate)}>
          {appointment.patient.displayName ?? t('appts.patient.unknown')}
        </a>
      </Fact>
      <Fact term={t('appts.detail.type')}>{typeName(appointment.type, lang)}</Fact>
      <Fact term={t('appts.detail.provider')}>{providerName(appointment.provider)}</Fact>
      <Fact term={t('appts.detail.where')}>{appointment.location ? appointment.location.name : t('appts.detail.virtual')}</Fact>
      <Fact term={t('appts.detail.when')}>
        <time dateTime={appointment.startsAt}>
          {[formatClinicWhen(appointment.startsAt, lang), zoneNameWhereUnclear(appointment.startsAt, zone, lang)].filter(Boolean).join(' ')}
        </time>{' '}
        {t('appts.detail.endsAt', { time: formatClinicTime(appointment.endsAt, lang) })}
      </Fact>
      <Fact term={t('appts.detail.status')}>
        <span className={appointment.status === 'requested' ? 'badge badge-paused' : 'badge badge-neutral'}>{statusName(appointment.status, t)}</span>
      </Fact>
      <Fact term={t('appts.detail.bookedBy')}>
        {appointment.bookedBy === 'patient' ? t('appts.detail.bookedBy.patient') : t('appts.detail.bookedBy.staff')}
        {detail.bookedByLabel ? ` (${detail.bookedByLabel})` : ''}
      </Fact>
      {detail.patientNote && <Fact term={t('appts.detail.patientNote')}>{detail.patientNote}</Fact>}
      <Fact term={t('appts.detail.staffNote')}>{detail.staffNote || t('appts.detail.none')}</Fact>
      {detail.cancelReason && <Fact term={t('appts.detail.cancelReason')}>{detail.cancelReason}</Fact>}
    </dl>
  );
}

/** One line of the facts: its name and its value. */
function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function ReasonForm({
  id,
  heading,
  label,
  required,
  submit,
  busy,
  onCancel,
  onSubmit,
}: {
  id: string;
  heading: string;
  label: string;
  required: boolean;
  submit: string;
  busy: boolean;
  onCancel(): void;
  onSubmit(reason: string): void;
}) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  const send = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (required && reason.trim() === '') {
      setProblem(t('appts.cancel.reason.required'));
      return;
    }
    setProblem(null);
    onSubmit(reason.trim());
  };
  return (
    <form className="form-section" noValidate onSubmit={send} aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`} ref={headingRef} tabIndex={-1}>
        {heading}
      </h3>
      <div className="field">
        <label htmlFor={`${id}-reason`}>{label}</label>
        <textarea
          id={`${id}-reason`}
          rows={3}
          maxLength={500}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-reason-error` : undefined}
        />
        {problem && (
          <p className="field-error" id={`${id}-reason-error`}>
            {problem}
          </p>
        )}
      </div>
      <SubmitOrBack submit={submit} busy={busy} onCancel={onCancel} />
    </form>
  );
}

function MoveForm({
  slug,
  appointment,
  busy,
  onCancel,
  onSubmit,
}: {
  slug: string;
  appointment: StaffAppointment;
  busy: boolean;
  onCancel(): void;
  onSubmit(body: { startsAt: string; anyTime: boolean; locationId: string | null; providerId: string }): void;
}) {
  const { t } = useI18n();
  const types = useQuery({ queryKey: appointmentKeys.types(slug), queryFn: ({ signal }) => appointmentsApi.types(slug, signal) });
  const providers = useQuery({ queryKey: appointmentKeys.providers(slug), queryFn: ({ signal }) => appointmentsApi.providers(slug, signal) });
  const locations = useQuery({ queryKey: appointmentKeys.locations(slug), queryFn: ({ signal }) => appointmentsApi.locations(slug, signal) });
  const [providerId, setProviderId] = useState(appointment.provider.id);
  const [choice, setChoice] = useState<WhenChoice>(() => emptyWhen(appointment.startsAt.slice(0, 10)));
  const [problem, setProblem] = useState<string | null>(null);
  const slots = useFreeSlots(slug, appointment.type.id, providerId, choice.day);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  const type = types.data?.items.find((candidate) => candidate.id === appointment.type.id);
  const offering = (providers.data?.items ?? []).filter(
    (provider) => provider.id === appointment.provider.id || (provider.active && (type?.providerIds.includes(provider.id) ?? false)),
  );
  const inPerson = appointment.type.mode === 'in_person';

  const send = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    try {
      const zone = slots.data?.timeZone;
      if (!zone) {
        throw new LocalError(msgKey('appts.when.chooseFirst'));
      }
      const chosen = whenRequest(choice, zone, inPerson);
      setProblem(null);
      onSubmit({ ...chosen, providerId });
    } catch (error) {
      setProblem(error instanceof LocalError ? t(error.key) : String(error));
    }
  };

  return (
    <form className="form-section" noValidate onSubmit={send} aria-labelledby="move-heading">
      <h3 id="move-heading" ref={headingRef} tabIndex={-1}>
        {t('appts.move.heading')}
      </h3>
      <SelectField
        id="move-provider"
        label={t('appts.book.provider')}
        value={providerId}
        onChange={(value) => {
          setProviderId(value);
          setChoice({ ...choice, slot: null });
        }}
        options={(offering.length === 0 ? [appointment.provider] : offering).map((provider) => ({ id: provider.id, label: providerName(provider) }))}
        problem={null}
      />
      <WhenFields
        id="move"
        choice={choice}
        onChange={setChoice}
        slots={slots}
        ready
        inPerson={inPerson}
        locations={locations.data?.items ?? []}
      />
      {problem && (
        <div role="alert" className="message error">
          <p>{problem}</p>
        </div>
      )}
      <SubmitOrBack submit={t('appts.move.submit')} busy={busy} onCancel={onCancel} />
    </form>
  );
}

/** The end of an action's form: do it, or go back to the appointment. */
function SubmitOrBack({ submit, busy, onCancel }: { submit: string; busy: boolean; onCancel(): void }) {
  const { t } = useI18n();
  return (
    <div className="form-actions">
      <button type="submit" disabled={busy}>
        {submit}
      </button>{' '}
      <button type="button" className="secondary" onClick={onCancel}>
        {t('appts.action.back')}
      </button>
    </div>
  );
}
