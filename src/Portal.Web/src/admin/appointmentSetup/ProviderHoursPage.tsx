import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { CheckField } from '../../shared/CheckField';
import { FieldError } from '../../shared/FieldError';
import { errorMessage } from '../../shared/errors';
import { formatCalendarDate, formatClockTime, formatTimeZone } from '../../shared/format';
import { useDocumentTitle, useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey } from '../../shared/i18n/translate';
import { QueryState } from '../../shared/QueryState';
import { SelectField } from '../SelectField';
import { followLink, type Navigate } from '../../shared/useLocationPath';
import { toClockTime } from '../settings/quietHoursForm';
import { useRowRemoval } from '../../shared/useRowRemoval';
import { setupApi, setupKeys, type AvailabilityException, type Location, type Provider, type WeeklyAvailability } from './api';
import { LOAD_ERRORS, RadioGroup, SAVE_ERRORS, SettingsFormEnd, SetupFormEnd, SetupHeading, TextField, problemText, serverFieldProblems, useSetupEditor, useSetupSave } from './SetupParts';
import {
  EXCEPTION_KINDS,
  WEEKDAYS,
  checkException,
  checkWindows,
  emptyExceptionForm,
  exceptionBody,
  hasWindowProblems,
  newRowKey,
  windowRows,
  windowsBody,
  type ExceptionForm,
  type ExceptionKind,
  type WindowProblems,
  type WindowRow,
} from './setupForms';
import { appointmentSetupPath } from './setupRoutes';
import { DataTable } from '../DataTable';

export const WEEKDAY_LABELS: Record<number, string> = {
  1: msgKey('apptSetup.weekday.1'),
  2: msgKey('apptSetup.weekday.2'),
  3: msgKey('apptSetup.weekday.3'),
  4: msgKey('apptSetup.weekday.4'),
  5: msgKey('apptSetup.weekday.5'),
  6: msgKey('apptSetup.weekday.6'),
  7: msgKey('apptSetup.weekday.7'),
};

const KIND_LABELS: Record<ExceptionKind, string> = {
  unavailable: msgKey('apptSetup.exceptions.kind.unavailable'),
  extra: msgKey('apptSetup.exceptions.kind.extra'),
};

interface Props {
  slug: string;
  clinicName: string;
  providerId: string;
  canManage: boolean;
  navigate: Navigate;
  onSessionEnded(): void;
}

/** A provider's usual week per location, and dated changes to it (holidays, vacations, extra hours), in the clinic's time zone. */
export function ProviderHoursPage({ slug, clinicName, providerId, canManage, navigate, onSessionEnded }: Props) {
  const { t } = useI18n();
  const providers = useQuery({ queryKey: setupKeys.providers(slug), queryFn: ({ signal }) => setupApi.providers(slug, signal) });
  const locations = useQuery({ queryKey: setupKeys.locations(slug), queryFn: ({ signal }) => setupApi.locations(slug, signal) });
  const availability = useQuery({ queryKey: setupKeys.availability(slug, providerId), queryFn: ({ signal }) => setupApi.availability(slug, providerId, signal) });
  const provider = providers.data?.items.find((item) => item.id === providerId) ?? null;
  useDocumentTitle(t('apptSetup.hours.pageTitle', { name: provider?.name ?? t('apptSetup.hours.provider'), clinic: clinicName }));
  const providersPath = appointmentSetupPath(slug, 'settings/appointments/providers');

  return (
    <>
      <SetupHeading title={provider ? t('apptSetup.hours.heading', { name: provider.name }) : t('apptSetup.hours.headingUnknown')} />
      <p>
        <a href={providersPath} onClick={(event) => followLink(event, navigate)}>
          {t('apptSetup.hours.back')}
        </a>
      </p>
      {!canManage && <p className="message note">{t('apptSetup.readOnly')}</p>}
      <QueryState query={providers} errorMessages={LOAD_ERRORS} onSessionEnded={onSessionEnded}>
        {() =>
          provider === null ? (
            <p className="message error">{t('apptSetup.error.providerNotFound')}</p>
          ) : (
            <QueryState query={locations} errorMessages={LOAD_ERRORS} onSessionEnded={onSessionEnded}>
              {({ items: locationList }) => (
                <QueryState query={availability} errorMessages={LOAD_ERRORS} onSessionEnded={onSessionEnded}>
                  {(week) => (
                    <>
                      <WeekEditor key={providerId} slug={slug} provider={provider} week={week} locations={locationList} canManage={canManage} onSessionEnded={onSessionEnded} />
                      <Exceptions slug={slug} provider={provider} locations={locationList} canManage={canManage} onSessionEnded={onSessionEnded} />
                    </>
                  )}
                </QueryState>
              )}
            </QueryState>
          )
        }
      </QueryState>
    </>
  );
}

interface WeekProps {
  slug: string;
  provider: Provider;
  week: WeeklyAvailability;
  locations: readonly Location[];
  canManage: boolean;
  onSessionEnded(): void;
}

function WeekEditor({ slug, provider, week, locations, canManage, onSessionEnded }: WeekProps) {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const [rows, setRows] = useState<WindowRow[]>(() => windowRows(week.windows));
  const [local, setLocal] = useState<WindowProblems>({ rows: {} });
  const [saved, setSaved] = useState<string | null>(null);
  const { save, saving, error } = useSetupSave(
    (windows: ReturnType<typeof windowsBody>) => setupApi.replaceAvailability(slug, provider.id, windows),
    (answer) => {
      queryClient.setQueryData(setupKeys.availability(slug, provider.id), answer);
      setRows(windowRows(answer.windows));
      setSaved(t('apptSetup.hours.saved'));
    },
    onSessionEnded,
  );
  const server = serverFieldProblems(error, t);
  const activeLocations = locations.filter((location) => location.active || rows.some((row) => row.locationId === location.id));
  const locationOptions = activeLocations.map((location) => ({ id: location.id, label: location.name }));

  const change = (key: string, update: Partial<WindowRow>) => {
    setRows((current) => current.map((row) => (row.key === key ? { ...row, ...update } : row)));
    setSaved(null);
  };
  const add = (weekday: number) => {
    const key = newRowKey();
    const only = activeLocations.length === 1 ? activeLocations[0]!.id : '';
    setRows((current) => [...current, { key, weekday, locationId: only, start: '09:00', end: '17:00' }]);
    setSaved(null);
    window.setTimeout(() => document.getElementById(`${key}-start`)?.focus(), 0);
  };
  const remove = (row: WindowRow) => {
    setRows((current) => current.filter((candidate) => candidate.key !== row.key));
    setSaved(null);
    window.setTimeout(() => document.getElementById(`week-day-${row.weekday}`)?.focus(), 0);
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!canManage || saving) {
      return;
    }
    const problems = checkWindows(rows);
    setLocal(problems);
    setSaved(null);
    if (hasWindowProblems(problems)) {
      const first = rows.find((row) => problems.rows[row.key]);
      if (first) {
        const field = (['locationId', 'start', 'end'] as const).find((candidate) => problems.rows[first.key]?.[candidate]);
        document.getElementById(`${first.key}-${field}`)?.focus();
      }
      return;
    }
    save(windowsBody(rows));
  };

  const weekProblem = problemText(t, local.week, server.windows);
  return (
    <section aria-labelledby="week-heading">
      <h2 id="week-heading">{t('apptSetup.hours.weekHeading')}</h2>
      <p>{t('apptSetup.hours.timeZone', { zone: formatTimeZone(week.timeZone, lang) })}</p>
      {locations.length === 0 && <p className="message note">{t('apptSetup.hours.noLocations')}</p>}
      <form className="settings-form" noValidate onSubmit={submit}>
        {WEEKDAYS.map((weekday) => {
          const dayRows = rows.filter((row) => row.weekday === weekday);
          const dayName = t(WEEKDAY_LABELS[weekday]!);
          return (
            <fieldset key={weekday} className="setting" id={`week-day-${weekday}`} tabIndex={-1}>
              <legend className="setting-label">{dayName}</legend>
              {dayRows.length === 0 && <p>{t('apptSetup.hours.dayOff')}</p>}
              {dayRows.map((row) => {
                const problems = local.rows[row.key] ?? {};
                return (
                  <div className="identifier-fields" key={row.key}>
                    <TextField id={`${row.key}-start`} className="field field-narrow" type="time" label={t('apptSetup.hours.start')} value={row.start} disabled={!canManage} onChange={(start) => change(row.key, { start })} problem={problemText(t, problems.start, undefined)} />
                    <TextField id={`${row.key}-end`} className="field field-narrow" type="time" label={t('apptSetup.hours.end')} value={row.end} disabled={!canManage} onChange={(end) => change(row.key, { end })} problem={problemText(t, problems.end, undefined)} />
                    <SelectField
                      id={`${row.key}-locationId`}
                      label={t('apptSetup.hours.location')}
                      value={row.locationId}
                      disabled={!canManage}
                      onChange={(locationId) => change(row.key, { locationId })}
                      placeholder={t('apptSetup.hours.chooseLocation')}
                      options={locationOptions}
                      problem={problemText(t, problems.locationId, undefined)}
                    />
                    {canManage && (
                      <div className="field">
                        <button type="button" className="secondary" onClick={() => remove(row)}>
                          {t('apptSetup.hours.remove', { day: dayName, start: formatClockTime(toClockTime(row.start), lang) })}
                        </button>
                      </div>
                    )}
                  </div>
                );
              })}
              {canManage && (
                <button type="button" className="secondary" onClick={() => add(weekday)}>
                  {t('apptSetup.hours.add', { day: dayName })}
                </button>
              )}
            </fieldset>
          );
        })}
        <FieldError id="week-error" message={weekProblem} />
        <SettingsFormEnd canManage={canManage} saving={saving} saved={saved} error={error} submitLabel={t('apptSetup.hours.save')} notSaved={t('apptSetup.hours.notSaved')} />
      </form>
    </section>
  );
}

interface ExceptionsProps {
  slug: string;
  provider: Provider;
  locations: readonly Location[];
  canManage: boolean;
  onSessionEnded(): void;
}

function Exceptions({ slug, provider, locations, canManage, onSessionEnded }: ExceptionsProps) {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const key = setupKeys.exceptions(slug, provider.id);
  const exceptions = useQuery({ queryKey: key, queryFn: ({ signal }) => setupApi.exceptions(slug, provider.id, signal) });
  const [statusText, setStatusText] = useState<string | null>(null);
  const editor = useSetupEditor({
    prefix: 'exception',
    initial: emptyExceptionForm(),
    check: checkException,
    order: ['startsOn', 'endsOn', 'start', 'end', 'locationId', 'reason'],
    toBody: exceptionBody,
    run: (body) => setupApi.addException(slug, provider.id, body),
    onSaved: (added) => {
      queryClient.setQueryData<{ items: AvailabilityException[] }>(key, (current) => ({
        items: [...(current?.items ?? []), added].sort((a, b) => (a.startsOn < b.startsOn ? -1 : a.startsOn > b.startsOn ? 1 : 0)),
      }));
      setStatusText(t('apptSetup.exceptions.added'));
    },
    onSessionEnded,
  });
  const { form, saving, error, submit, problem } = editor;
  const set = <K extends keyof ExceptionForm>(field: K, value: ExceptionForm[K]) => {
    editor.set(field, value);
    setStatusText(null);
  };
  const locationName = (id: string | null) => locations.find((location) => location.id === id)?.name ?? '';
  const days = (item: AvailabilityException) =>
    item.startsOn === item.endsOn
      ? formatCalendarDate(item.startsOn, lang)
      : t('apptSetup.exceptions.range', { from: formatCalendarDate(item.startsOn, lang), to: formatCalendarDate(item.endsOn, lang) });
  const hours = (item: AvailabilityException) =>
    item.start && item.end
      ? t('apptSetup.exceptions.hours', { start: formatClockTime(toClockTime(item.start), lang), end: formatClockTime(toClockTime(item.end), lang) })
      : t('apptSetup.exceptions.wholeDays');

  const removal = useRowRemoval<AvailabilityException>({
    run: (item) => setupApi.removeException(slug, provider.id, item.id),
    onStart: () => setStatusText(null),
    onRemoved: (item) => {
      queryClient.setQueryData<{ items: AvailabilityException[] }>(key, (current) => ({ items: (current?.items ?? []).filter((other) => other.id !== item.id) }));
      setStatusText(t('apptSetup.exceptions.removed', { days: days(item) }));
    },
    focusAfter: () => document.getElementById('exceptions-heading')?.focus(),
    onSessionEnded,
  });

  const withTimes = form.kind === 'extra' || !form.wholeDays;
  return (
    <section aria-labelledby="exceptions-heading">
      <h2 id="exceptions-heading" tabIndex={-1}>
        {t('apptSetup.exceptions.heading')}
      </h2>
      <p>{t('apptSetup.exceptions.intro')}</p>
      <div role="status" className="status-region">
        {statusText && <p className="message success">{statusText}</p>}
      </div>
      {removal.error !== null && (
        <div role="alert" className="message error">
          <p>
            <strong>{t('apptSetup.exceptions.notRemoved')}</strong> {errorMessage(removal.error, t, SAVE_ERRORS)}
          </p>
        </div>
      )}
      <QueryState query={exceptions} errorMessages={LOAD_ERRORS} onSessionEnded={onSessionEnded} isEmpty={(list) => list.items.length === 0} empty={t('apptSetup.exceptions.empty')}>
        {({ items }) => (
          <DataTable labelledBy="exceptions-heading">
            <thead>
              <tr>
                <th scope="col">{t('apptSetup.exceptions.days')}</th>
                <th scope="col">{t('apptSetup.exceptions.kind')}</th>
                <th scope="col">{t('apptSetup.exceptions.hoursColumn')}</th>
                <th scope="col">{t('apptSetup.hours.location')}</th>
                <th scope="col">{t('apptSetup.exceptions.reason')}</th>
                {canManage && <th scope="col">{t('apptSetup.column.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  <th scope="row">{days(item)}</th>
                  <td>{t(KIND_LABELS[item.kind === 'extra' ? 'extra' : 'unavailable'])}</td>
                  <td>{hours(item)}</td>
                  <td>{locationName(item.locationId)}</td>
                  <td>{item.reason ?? ''}</td>
                  {canManage && (
                    <td>
                      <button type="button" className="secondary" onClick={() => void removal.remove(item)}>
                        {t('apptSetup.exceptions.remove', { days: days(item) })}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
                    </DataTable>
        )}
      </QueryState>

      {canManage && (
        <form className="settings-form" noValidate onSubmit={submit} aria-labelledby="exception-add-heading">
          <h3 id="exception-add-heading">{t('apptSetup.exceptions.addHeading')}</h3>
          <RadioGroup
            name="exception-kind"
            legend={t('apptSetup.exceptions.kind')}
            choices={EXCEPTION_KINDS.map((kind) => ({ id: `exception-kind-${kind}`, label: t(KIND_LABELS[kind]), checked: form.kind === kind, onSelect: () => set('kind', kind) }))}
          />
          <div className="identifier-fields">
            <TextField id="exception-startsOn" type="date" label={t('apptSetup.exceptions.startsOn')} value={form.startsOn} onChange={(value) => set('startsOn', value)} required problem={problem('startsOn')} />
            <TextField
              id="exception-endsOn"
              type="date"
              label={t('apptSetup.exceptions.endsOn')}
              help={t('apptSetup.exceptions.endsOn.help')}
              value={form.endsOn}
              onChange={(value) => set('endsOn', value)}
              problem={problem('endsOn')}
            />
          </div>
          {form.kind === 'unavailable' && (
            <CheckField id="exception-wholeDays" label={t('apptSetup.exceptions.wholeDaysLabel')} help={t('apptSetup.exceptions.wholeDays.help')} checked={form.wholeDays} onChange={(value) => set('wholeDays', value)} />
          )}
          {withTimes && (
            <div className="identifier-fields">
              <TextField id="exception-start" className="field field-narrow" type="time" label={t('apptSetup.hours.start')} value={form.start} onChange={(value) => set('start', value)} problem={problem('start')} />
              <TextField id="exception-end" className="field field-narrow" type="time" label={t('apptSetup.hours.end')} value={form.end} onChange={(value) => set('end', value)} problem={problem('end')} />
            </div>
          )}
          {form.kind === 'extra' && (
            <SelectField
              id="exception-locationId"
              label={t('apptSetup.hours.location')}
              value={form.locationId}
              onChange={(value) => set('locationId', value)}
              placeholder={t('apptSetup.hours.chooseLocation')}
              options={locations.filter((location) => location.active).map((location) => ({ id: location.id, label: location.name }))}
              problem={problem('locationId')}
            />
          )}
          <TextField
            id="exception-reason"
            label={t('apptSetup.exceptions.reasonOptional')}
            help={t('apptSetup.exceptions.reason.help')}
            value={form.reason}
            maxLength={200}
            onChange={(value) => set('reason', value)}
            problem={problem('reason')}
          />
          <SetupFormEnd saving={saving} error={error} notSaved={t('apptSetup.exceptions.notSaved')} submitLabel={t('apptSetup.exceptions.add')} />
        </form>
      )}
    </section>
  );
}
