import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { clinicToday } from '../../shared/clinicDays';
import { formatCalendarDate, formatDay, formatMinuteOfDay, formatShortDay, formatTime, formatTimeZone } from '../../shared/format';
import { useDocumentTitle, useI18n } from '../../shared/i18n/I18nProvider';
import { QueryState } from '../../shared/QueryState';
import { followLink, type Navigate } from '../../shared/useLocationPath';
import { appointmentPath, appointmentsPath, bookAppointmentPath } from '../routes';
import { SelectField } from '../SelectField';
import { appointmentsApi, appointmentKeys, type StaffAppointment, type StaffCalendar } from './api';
import {
  calendarSearch,
  cellKey,
  columnsFor,
  daysShown,
  gridRows,
  parseCalendarQuery,
  placeAppointments,
  stepDay,
  workingInCell,
  type CalendarQuery,
  type CalendarView,
  type Column,
} from './calendar';
import { APPOINTMENT_ERRORS, providerName, statusName, typeName } from './labels';

interface Props {
  slug: string;
  clinicName: string;
  /** The address's query string: view, date and provider. */
  search: string;
  navigate: Navigate;
  onSessionEnded(): void;
}

/** Statuses that no longer hold their time: shown struck through, still in the calendar. */
const ENDED = new Set(['cancelled', 'declined', 'rescheduled', 'no_show']);

/**
 * The clinic's calendar (issue 12, staff pages): a day or a week, for one provider or the whole clinic, as a table of
 * half hours with the providers' working hours shaded and each appointment, a link to its details, at its start.
 */
export function CalendarPage({ slug, clinicName, search, navigate, onSessionEnded }: Props) {
  const { t, lang } = useI18n();
  useDocumentTitle(t('appts.calendar.pageTitle', { clinic: clinicName }));
  const query = useMemo(() => parseCalendarQuery(search), [search]);
  // Before the clinic's zone is known, today is the browser's; the calendar then says which day it shows.
  const [zone, setZone] = useState<string | null>(null);
  const day = query.date ?? clinicToday(zone ?? Intl.DateTimeFormat().resolvedOptions().timeZone);
  const days = daysShown(query.view, day);
  const from = days[0]!;
  const to = days[days.length - 1]!;

  const providers = useQuery({ queryKey: appointmentKeys.providers(slug), queryFn: ({ signal }) => appointmentsApi.providers(slug, signal) });
  const calendar = useQuery({
    queryKey: appointmentKeys.calendar(slug, from, to, query.provider),
    queryFn: ({ signal }) => appointmentsApi.calendar(slug, from, to, query.provider, signal),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
  useEffect(() => {
    if (calendar.data && calendar.data.timeZone !== zone) {
      setZone(calendar.data.timeZone);
    }
  }, [calendar.data, zone]);

  const [draft, setDraft] = useState<CalendarQuery>(query);
  useEffect(() => setDraft(query), [query]);
  const go = (next: CalendarQuery) => navigate(`${appointmentsPath(slug)}${calendarSearch(next)}`);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    go(draft);
  };
  const link = (next: CalendarQuery) => `${appointmentsPath(slug)}${calendarSearch(next)}`;
  const previous = link({ ...query, date: stepDay(query.view, day, -1) });
  const next = link({ ...query, date: stepDay(query.view, day, 1) });
  const today = link({ ...query, date: null });

  const chosenProvider = providers.data?.items.find((provider) => provider.id === query.provider);
  const who = query.provider ? (chosenProvider ? providerName(chosenProvider) : t('appts.calendar.oneProvider')) : t('appts.calendar.allProviders');
  const heading =
    query.view === 'day'
      ? t('appts.calendar.heading.day', { day: formatDay(day, lang), who })
      : t('appts.calendar.heading.week', { from: formatCalendarDate(from, lang), to: formatCalendarDate(to, lang), who });

  return (
    <>
      <div className="page-heading">
        <h1>{t('appts.calendar.heading')}</h1>
        <p className="page-heading-actions">
          <a
            className="button"
            href={bookAppointmentPath(slug, { date: query.date, provider: query.provider })}
            onClick={(event) => followLink(event, navigate)}
          >
            {t('appts.book.link')}
          </a>
        </p>
      </div>

      <form className="search-form" aria-label={t('appts.calendar.options')} noValidate onSubmit={submit}>
        <SelectField
          id="calendar-view"
          label={t('appts.calendar.view')}
          value={draft.view}
          onChange={(value) => setDraft({ ...draft, view: value as CalendarView })}
          options={[
            { id: 'day', label: t('appts.calendar.view.day') },
            { id: 'week', label: t('appts.calendar.view.week') },
          ]}
          problem={null}
        />
        <SelectField
          id="calendar-provider"
          label={t('appts.calendar.provider')}
          value={draft.provider ?? ''}
          onChange={(value) => setDraft({ ...draft, provider: value || null })}
          placeholder={t('appts.calendar.allProviders')}
          options={(providers.data?.items ?? []).map((provider) => ({ id: provider.id, label: providerName(provider) + (provider.active ? '' : ` ${t('appts.calendar.inactive')}`) }))}
          problem={null}
        />
        <div className="field">
          <label htmlFor="calendar-date">{t('appts.calendar.date')}</label>
          <input id="calendar-date" type="date" value={draft.date ?? day} onChange={(event) => setDraft({ ...draft, date: event.target.value || null })} />
        </div>
        <div className="form-actions">
          <button type="submit">{t('appts.calendar.show')}</button>
        </div>
      </form>

      <nav className="calendar-steps" aria-label={t('appts.calendar.steps')}>
        <a className="button secondary" href={previous} onClick={(event) => followLink(event, navigate)}>
          {query.view === 'day' ? t('appts.calendar.previousDay') : t('appts.calendar.previousWeek')}
        </a>{' '}
        <a className="button secondary" href={today} onClick={(event) => followLink(event, navigate)}>
          {t('appts.calendar.today')}
        </a>{' '}
        <a className="button secondary" href={next} onClick={(event) => followLink(event, navigate)}>
          {query.view === 'day' ? t('appts.calendar.nextDay') : t('appts.calendar.nextWeek')}
        </a>
      </nav>

      <h2 id="calendar-heading">{heading}</h2>
      <QueryState query={calendar} errorMessages={APPOINTMENT_ERRORS} onSessionEnded={onSessionEnded}>
        {(loaded) => <CalendarGrid slug={slug} calendar={loaded} view={query.view} day={day} provider={query.provider} navigate={navigate} />}
      </QueryState>
    </>
  );
}

interface GridProps {
  slug: string;
  calendar: StaffCalendar;
  view: CalendarView;
  day: string;
  provider: string | null;
  navigate: Navigate;
}

function CalendarGrid({ slug, calendar, view, day, provider, navigate }: GridProps) {
  const { t, lang } = useI18n();
  const zone = calendar.timeZone;
  const columns = columnsFor(
    view,
    day,
    calendar.providers.map((shown) => shown.id),
    provider,
  );
  const rows = gridRows([...calendar.appointments, ...calendar.providers.flatMap((shown) => shown.hours)]);
  const placed = placeAppointments(calendar.appointments, columns, rows);
  const requests = calendar.appointments.filter((appointment) => appointment.status === 'requested');
  const names = new Map(calendar.providers.map((shown) => [shown.id, providerName(shown)]));
  const showProvider = provider === null && view === 'week';
  const columnHeading = (column: Column) =>
    view === 'week' ? formatShortDay(column.day, lang) : column.providerId ? (names.get(column.providerId) ?? '') : formatShortDay(column.day, lang);

  const count = calendar.appointments.length;
  return (
    <>
      <div role="status" className="status-region">
        <p>
          {count === 0 ? t('appts.calendar.count.none') : count === 1 ? t('appts.calendar.count.one') : t('appts.calendar.count.other', { count })}{' '}
          {requests.length === 1
            ? t('appts.calendar.requests.one')
            : requests.length > 1
              ? t('appts.calendar.requests.other', { count: requests.length })
              : ''}
        </p>
      </div>
      {requests.length > 0 && (
        <section className="calendar-requests" aria-labelledby="calendar-requests">
          <h3 id="calendar-requests">{t('appts.calendar.requests.heading')}</h3>
          <ul className="plain-list">
            {requests.map((appointment) => (
              <li key={appointment.id}>
                <a href={appointmentPath(slug, appointment.id)} onClick={(event) => followLink(event, navigate)}>
                  {t('appts.calendar.request', {
                    when: `${formatShortDay(appointment.startsAt.slice(0, 10), lang)} ${formatTime(appointment.startsAt, zone, lang)}`,
                    patient: appointment.patient.displayName ?? t('appts.patient.unknown'),
                    type: typeName(appointment.type, lang),
                    provider: providerName(appointment.provider),
                  })}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {columns.length === 0 ? (
        <p className="empty">{t('appts.calendar.noProviders')}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table calendar-grid" aria-labelledby="calendar-heading">
            <thead>
              <tr>
                <th scope="col">{t('appts.calendar.time')}</th>
                {columns.map((column) => (
                  <th key={column.key} scope="col">
                    {columnHeading(column)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row}>
                  <th scope="row" className="nowrap">
                    {formatMinuteOfDay(row, lang)}
                  </th>
                  {columns.map((column) => {
                    const working = workingInCell(calendar.providers, column, row);
                    const items = placed.cells.get(cellKey(column, row)) ?? [];
                    return (
                      <td key={column.key} className={working.length > 0 ? 'calendar-open' : 'calendar-closed'}>
                        {working.length > 0 && items.length === 0 && <span className="visually-hidden">{t('appts.calendar.open')}</span>}
                        {items.map((appointment) => (
                          <AppointmentLink
                            key={appointment.id}
                            slug={slug}
                            appointment={appointment}
                            zone={zone}
                            showProvider={showProvider}
                            navigate={navigate}
                          />
                        ))}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="help">
        {t('appts.calendar.legend', { zone: formatTimeZone(zone, lang) })}
      </p>
    </>
  );
}

function AppointmentLink({
  slug,
  appointment,
  zone,
  showProvider,
  navigate,
}: {
  slug: string;
  appointment: StaffAppointment;
  zone: string;
  showProvider: boolean;
  navigate: Navigate;
}) {
  const { t, lang } = useI18n();
  const className = `calendar-appointment calendar-${appointment.status.replace(/_/g, '-')}${ENDED.has(appointment.status) ? ' calendar-ended' : ''}`;
  return (
    <a className={className} href={appointmentPath(slug, appointment.id)} onClick={(event) => followLink(event, navigate)}>
      <span className="calendar-appointment-time">
        {t('appts.calendar.range', { from: formatTime(appointment.startsAt, zone, lang), to: formatTime(appointment.endsAt, zone, lang) })}
      </span>{' '}
      <span className="calendar-appointment-patient">{appointment.patient.displayName ?? t('appts.patient.unknown')}</span>
      <span className="calendar-appointment-line">
        {typeName(appointment.type, lang)}
        {showProvider ? ` · ${appointment.provider.name}` : ''}
      </span>
      <span className="calendar-appointment-status">{statusName(appointment.status, t)}</span>
    </a>
  );
}
