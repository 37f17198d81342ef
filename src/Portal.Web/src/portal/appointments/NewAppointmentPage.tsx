import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from '../../shared/api';
import { errorMessage } from '../../shared/errors';
import { BOOKING_REFUSALS } from './refusals';
import { describedBy, FieldError } from '../../shared/FieldError';
import { addDays, clinicToday } from '../../shared/clinicDays';
import { formatCalendarDate, formatDay, formatMinutes, formatTime, formatTimeZone } from '../../shared/format';
import { useI18n } from '../../shared/i18n/I18nProvider';
import { QueryState } from '../../shared/QueryState';
import { followLink, type Navigate } from '../../shared/useLocationPath';
import { PortalPage } from '../PortalPage';
import { appointmentPath, portalPath } from '../routes';
import { appointmentsApi, appointmentsKeys, type BookableType, type FreeSlot, type MyAppointment } from './api';
import { AppointmentFacts } from './AppointmentFacts';
import { languageNames, providerName, typeName } from './labels';
import { dayOf } from './time';

/** The longest note the server takes. */
export const NOTE_MAX_LENGTH = 1000;

const STEPS = ['type', 'provider', 'day', 'time', 'confirm'] as const;
type Step = (typeof STEPS)[number] | 'booked';

/** Moving an appointment asks the same questions but its type: it starts at the day, with the appointment's provider. */
const CHANGE_STEPS: readonly Step[] = ['provider', 'day', 'time', 'confirm'];

/** Change appointment time: the same steps for an appointment the patient has, sending the new time instead of booking. */
export interface ChangeFlow {
  appointment: MyAppointment;
  /** The appointment's type as the bookable list gives it, with its providers and locations. */
  type: BookableType;
  /** Sends the chosen time; the server keeps the old time until the new one is held. */
  send(slot: FreeSlot): Promise<MyAppointment>;
}

interface Props {
  slug: string;
  clinicName: string;
  navigate: Navigate;
  onSessionEnded(): void;
  /** Set to move this appointment rather than book a new one. */
  change?: ChangeFlow;
}

interface Choice {
  type: BookableType | null;
  /** Null for any provider of the type. */
  providerId: string | null;
  /** The first day of the week shown, in the clinic's calendar. */
  week: string | null;
  day: string | null;
  slot: FreeSlot | null;
}

const NOTHING: Choice = { type: null, providerId: null, week: null, day: null, slot: null };

/**
 * + New Appointment, one question at a time: the type, the provider or any, the day (a week at a
 * time), the time among the free ones, then a last look with an optional note before booking.
 * With `change`, the same steps from the day on move an appointment the patient has.
 */
export function NewAppointmentPage({ slug, clinicName, navigate, onSessionEnded, change }: Props) {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const steps = change ? CHANGE_STEPS : STEPS;
  const [step, setStep] = useState<Step>(change ? 'day' : 'type');
  const [choice, setChoice] = useState<Choice>(() =>
    change
      ? {
          type: change.type,
          providerId: change.appointment.provider.id,
          week: clinicToday(change.appointment.timeZone),
          day: null,
          slot: null,
        }
      : NOTHING,
  );
  const [taken, setTaken] = useState(false);
  const [booked, setBooked] = useState<MyAppointment | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const shownStep = useRef<Step>(step);

  const types = useQuery({ queryKey: appointmentsKeys.types(slug), queryFn: ({ signal }) => appointmentsApi.types(slug, signal) });
  const timeZone = types.data?.timeZone ?? null;
  const week = choice.week;
  const weekEnd = week ? addDays(week, 6) : null;
  const slotsKey = choice.type && week && weekEnd ? appointmentsKeys.slots(slug, choice.type.id, choice.providerId, week, weekEnd) : null;
  const slots = useQuery({
    queryKey: slotsKey ?? ['portal', slug, 'appointments', 'slots', 'none'],
    queryFn: ({ signal }) => appointmentsApi.slots(slug, choice.type!.id, choice.providerId, week!, weekEnd!, signal),
    enabled: slotsKey !== null && (step === 'day' || step === 'time'),
    // Other patients book meanwhile: the free times are asked for again each time they are shown.
    staleTime: 0,
  });

  // Each new question's heading takes the focus, as a new page's does.
  useEffect(() => {
    if (shownStep.current !== step) {
      shownStep.current = step;
      heading.current?.focus();
    }
  }, [step]);

  const go = (next: Step, changes: Partial<Choice> = {}) => {
    setChoice((current) => ({ ...current, ...changes }));
    setStep(next);
  };

  const previous = () => {
    setTaken(false);
    const index = steps.indexOf(step);
    if (index > 0) {
      setStep(steps[index - 1]!);
    }
  };

  const slotTaken = () => {
    setTaken(true);
    go('time', { slot: null });
    if (slotsKey) {
      void queryClient.invalidateQueries({ queryKey: slotsKey });
    }
  };

  const back = (
    <p className="portal-back">
      {change ? (
        <a href={appointmentPath(slug, change.appointment.id)} onClick={(event) => followLink(event, navigate)}>
          {t('portal.appts.back')} <span className="visually-hidden">{t('portal.change.backTo')}</span>
        </a>
      ) : (
        <a href={portalPath(slug, 'appointments')} onClick={(event) => followLink(event, navigate)}>
          {t('portal.appts.back')} <span className="visually-hidden">{t('portal.appts.backTo')}</span>
        </a>
      )}
    </p>
  );

  const index = steps.indexOf(step);
  const stepHeading = (text: string) => (
    <>
      {index >= 0 && <p className="help portal-step">{t('portal.book.step', { step: index + 1, steps: steps.length })}</p>}
      <h3 ref={heading} tabIndex={-1}>
        {text}
      </h3>
    </>
  );
  const backButton = index > 0 && (
    <p>
      <button type="button" className="secondary" onClick={previous}>
        {t('portal.book.back')} <span className="visually-hidden">{t('portal.book.backTo')}</span>
      </button>
    </p>
  );

  let content: ReactNode = null;
  if (step === 'type') {
    content = (
      <>
        {stepHeading(t('portal.book.type.heading'))}
        <QueryState
          query={types}
          onSessionEnded={onSessionEnded}
          isEmpty={(loaded) => loaded.items.length === 0}
          empty={t('portal.book.type.none')}
        >
          {(loaded) => (
            <ul className="portal-choices">
              {loaded.items.map((type) => (
                <li key={type.id}>
                  <ChoiceButton
                    name={typeName(type, lang)}
                    help={`${formatMinutes(type.durationMinutes, lang, t)} · ${type.mode === 'virtual' ? t('portal.book.type.virtual') : t('portal.book.type.inPerson')}`}
                    onClick={() => go('provider', { type, providerId: null, day: null, slot: null })}
                  />
                </li>
              ))}
            </ul>
          )}
        </QueryState>
      </>
    );
  } else if (step === 'provider' && choice.type) {
    const firstWeek = timeZone ? clinicToday(timeZone) : null;
    content = (
      <>
        {stepHeading(t('portal.book.provider.heading'))}
        <p className="portal-lead">{typeName(choice.type, lang)}</p>
        <ul className="portal-choices">
          <li>
            <ChoiceButton
              name={t('portal.book.provider.any')}
              help={t('portal.book.provider.anyHelp')}
              onClick={() => go('day', { providerId: null, week: firstWeek, day: null, slot: null })}
            />
          </li>
          {choice.type.providers.map((provider) => (
            <li key={provider.id}>
              <ChoiceButton
                name={providerName(provider)}
                help={provider.languages.length > 0 ? t('portal.book.provider.speaks', { languages: languageNames(provider.languages, lang) }) : undefined}
                onClick={() => go('day', { providerId: provider.id, week: firstWeek, day: null, slot: null })}
              />
            </li>
          ))}
        </ul>
        {backButton}
      </>
    );
  } else if (step === 'day' && week && timeZone) {
    const today = clinicToday(timeZone);
    const days = Array.from({ length: 7 }, (_, offset) => addDays(week, offset));
    content = (
      <>
        {stepHeading(t('portal.book.day.heading'))}
        <ZoneNote timeZone={timeZone} />
        <p className="portal-lead" id="book-week">
          {t('portal.book.day.week', { day: formatCalendarDate(week, lang) })}
        </p>
        <div className="form-actions">
          <button
            type="button"
            className="secondary"
            disabled={week <= today}
            onClick={() => go('day', { week: addDays(week, -7) })}
          >
            {t('portal.book.day.previous')}
          </button>
          <button type="button" className="secondary" onClick={() => go('day', { week: addDays(week, 7) })}>
            {t('portal.book.day.next')}
          </button>
        </div>
        <QueryState query={slots} onSessionEnded={onSessionEnded}>
          {(loaded) => {
            const count = (day: string) => loaded.items.filter((slot) => dayOf(slot.startsAt) === day).length;
            return (
              <>
                {loaded.items.length === 0 && (
                  <p role="status" className="empty">
                    {t('portal.book.day.noneThisWeek')}
                  </p>
                )}
                <ul className="portal-choices" aria-labelledby="book-week">
                  {days.map((day) => {
                    const free = count(day);
                    return (
                      <li key={day}>
                        {free > 0 ? (
                          <ChoiceButton
                            name={formatDay(day, lang)}
                            help={free === 1 ? t('portal.book.day.times.one') : t('portal.book.day.times.other', { count: free })}
                            onClick={() => {
                              setTaken(false);
                              go('time', { day, slot: null });
                            }}
                          />
                        ) : (
                          <p className="portal-choice-none">
                            <span className="portal-choice-name">{formatDay(day, lang)}</span>{' '}
                            <span className="portal-choice-help">{t('portal.book.day.noTimes')}</span>
                          </p>
                        )}
                      </li>
                    );
                  })}
                </ul>
              </>
            );
          }}
        </QueryState>
        {backButton}
      </>
    );
  } else if (step === 'time' && choice.type && choice.day && timeZone) {
    const type = choice.type;
    const day = choice.day;
    content = (
      <>
        {stepHeading(t('portal.book.time.heading', { day: formatDay(day, lang) }))}
        <div role="alert" className="alert-region">
          {taken && (
            <div className="message error">
              <p>{change ? t('portal.change.taken') : t('portal.book.time.taken')}</p>
            </div>
          )}
        </div>
        <ZoneNote timeZone={timeZone} />
        <QueryState query={slots} onSessionEnded={onSessionEnded}>
          {(loaded) => {
            const free = loaded.items.filter((slot) => dayOf(slot.startsAt) === day);
            if (free.length === 0) {
              return (
                <p role="status" className="empty">
                  {t('portal.book.time.noneLeft')}
                </p>
              );
            }
            return (
              <ul className="portal-choices portal-times">
                {free.map((slot) => {
                  const time = formatTime(slot.startsAt, loaded.timeZone, lang);
                  const provider = type.providers.find((candidate) => candidate.id === slot.providerId);
                  return (
                    <li key={`${slot.providerId} ${slot.startsAt}`}>
                      <ChoiceButton
                        name={choice.providerId === null && provider ? t('portal.book.time.with', { time, provider: providerName(provider) }) : time}
                        onClick={() => {
                          setTaken(false);
                          go('confirm', { slot });
                        }}
                      />
                    </li>
                  );
                })}
              </ul>
            );
          }}
        </QueryState>
        {backButton}
      </>
    );
  } else if (step === 'confirm' && choice.type && choice.slot && timeZone) {
    const type = choice.type;
    content = (
      <>
        {stepHeading(change ? t('portal.change.confirm.heading') : t('portal.book.confirm.heading'))}
        <ConfirmBooking
          type={type}
          slot={choice.slot}
          timeZone={timeZone}
          moving={change?.appointment ?? null}
          send={(slot, note) =>
            change
              ? change.send(slot)
              : appointmentsApi.book(slug, { typeId: type.id, providerId: slot.providerId, startsAt: slot.startsAt, ...(note ? { note } : {}) })
          }
          onBooked={(view) => {
            setBooked(view);
            setStep('booked');
            if (change) {
              queryClient.setQueryData(appointmentsKeys.one(slug, view.id), view);
            }
            void queryClient.invalidateQueries({ queryKey: appointmentsKeys.all(slug) });
          }}
          onTaken={slotTaken}
          onSessionEnded={onSessionEnded}
        />
        {backButton}
      </>
    );
  } else if (step === 'booked' && booked) {
    content = (
      <>
        <h3 ref={heading} tabIndex={-1}>
          {change
            ? t('portal.change.done.heading')
            : booked.status === 'requested'
              ? t('portal.book.requested.heading')
              : t('portal.book.booked.heading')}
        </h3>
        {!change && booked.status === 'requested' && <p>{t('portal.book.requested.text')}</p>}
        <AppointmentFacts
          facts={{
            typeName: typeName(booked.type, lang),
            provider: booked.provider,
            location: booked.location,
            startsAt: booked.startsAt,
            endsAt: booked.endsAt,
            timeZone: booked.timeZone,
            status: booked.status,
          }}
        />
        <ul className="plain-list portal-next">
          <li>
            <a href={appointmentPath(slug, booked.id)} onClick={(event) => followLink(event, navigate)}>
              {t('portal.book.booked.details')}
            </a>
          </li>
          <li>
            <a href={portalPath(slug, 'appointments')} onClick={(event) => followLink(event, navigate)}>
              {t('portal.book.booked.list')}
            </a>
          </li>
        </ul>
      </>
    );
  } else {
    // The types (and with them the clinic's time zone) are still loading or failed.
    content = (
      <QueryState query={types} onSessionEnded={onSessionEnded}>
        {() => null}
      </QueryState>
    );
  }

  return (
    <>
      {step !== 'booked' && back}
      <PortalPage
        slug={slug}
        clinicName={clinicName}
        title={change ? t('portal.change.title') : t('portal.book.title')}
        homeLink={false}
        navigate={navigate}
      >
        {content}
      </PortalPage>
    </>
  );
}

function ChoiceButton({ name, help, onClick }: { name: string; help?: string; onClick(): void }) {
  return (
    <button type="button" className="secondary portal-choice" onClick={onClick}>
      <span className="portal-choice-name">{name}</span>
      {help && (
        <>
          {' '}
          <span className="portal-choice-help">{help}</span>
        </>
      )}
    </button>
  );
}

function ZoneNote({ timeZone }: { timeZone: string }) {
  const { t, lang } = useI18n();
  return <p className="help">{t('portal.book.zone', { zone: formatTimeZone(timeZone, lang) })}</p>;
}

interface ConfirmProps {
  type: BookableType;
  slot: FreeSlot;
  timeZone: string;
  /** The appointment being moved: its current time is shown above the new one, and no note is asked (its own stays). */
  moving: MyAppointment | null;
  send(slot: FreeSlot, note: string | null): Promise<MyAppointment>;
  onBooked(view: MyAppointment): void;
  onTaken(): void;
  onSessionEnded(): void;
}

/** The last look: what is about to be booked, an optional note for the provider, and Book appointment (or Move appointment). */
function ConfirmBooking({ type, slot, timeZone, moving, send, onBooked, onTaken, onSessionEnded }: ConfirmProps) {
  const { t, lang } = useI18n();
  const id = useId();
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<unknown>(null);
  const field = useRef<HTMLTextAreaElement>(null);
  const book = useMutation({ mutationFn: (text: string | null) => send(slot, text) });
  const provider = type.providers.find((candidate) => candidate.id === slot.providerId);
  const location = slot.locationId ? (type.locations.find((candidate) => candidate.id === slot.locationId) ?? null) : null;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (book.isPending) {
      return;
    }
    setRefusal(null);
    const local = note.length > NOTE_MAX_LENGTH ? t('portal.book.noteTooLong', { max: NOTE_MAX_LENGTH }) : null;
    setProblem(local);
    if (local) {
      field.current?.focus();
      return;
    }
    try {
      onBooked(await book.mutateAsync(note.trim() === '' ? null : note.trim()));
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 401) {
        onSessionEnded();
      } else if (caught instanceof ApiError && caught.code === 'slot_taken') {
        onTaken();
      } else {
        setRefusal(caught);
      }
    }
  };

  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  return (
    <>
      <div role="status" className="status-region">
        {book.isPending && <p>{moving ? t('portal.change.sending') : t('portal.book.sending')}</p>}
      </div>
      <div role="alert" className="alert-region">
        {refusal !== null && (
          <div className="message error">
            <p>{errorMessage(refusal, t, BOOKING_REFUSALS)}</p>
          </div>
        )}
      </div>
      <AppointmentFacts
        facts={{
          typeName: typeName(type, lang),
          provider: provider ?? { name: '' },
          location: type.mode === 'virtual' ? null : location,
          startsAt: slot.startsAt,
          endsAt: slot.endsAt,
          timeZone,
          movedFrom: moving
            ? { startsAt: moving.startsAt, provider: moving.provider.id === slot.providerId ? null : moving.provider }
            : undefined,
        }}
      />
      <form className="portal-form portal-reply" noValidate onSubmit={(event) => void submit(event)}>
        {!moving && (
          <div className="field">
            <label htmlFor={`${id}-note`}>{t('portal.book.note')}</label>
            <p className="help" id={helpId}>
              {t('portal.book.noteHelp', { max: NOTE_MAX_LENGTH })}
            </p>
            <textarea
              id={`${id}-note`}
              ref={field}
              rows={3}
              value={note}
              onChange={(event) => setNote(event.target.value)}
              aria-invalid={problem ? true : undefined}
              aria-describedby={describedBy(helpId, problem && errorId)}
            />
            <FieldError id={errorId} message={problem} />
          </div>
        )}
        <button type="submit" aria-disabled={book.isPending ? true : undefined}>
          {moving ? t('portal.change.submit') : t('portal.book.submit')}
        </button>
      </form>
    </>
  );
}
