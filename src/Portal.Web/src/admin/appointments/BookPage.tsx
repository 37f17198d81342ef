import { useMutation, useQuery, type UseQueryResult } from '@tanstack/react-query';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { ApiError } from '../../shared/api';
import { LocalError } from '../../shared/errors';
import { useDocumentTitle, useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey } from '../../shared/i18n/translate';
import { Loading } from '../../shared/Status';
import { followLink, type Navigate } from '../../shared/useLocationPath';
import { SelectField } from '../SelectField';
import { PatientPicker, type PickedPatient } from '../patients/PatientPicker';
import { registrationApi, registrationKeys } from '../patients/api';
import { patientName } from '../patients/labels';
import { appointmentsPath } from '../routes';
import { appointmentsApi, appointmentKeys, type StaffAppointment } from './api';
import { calendarSearch, isDay, parseCalendarQuery } from './calendar';
import { appointmentError, providerName, typeName } from './labels';
import { emptyWhen, whenRequest, type WhenChoice } from './when';
import { useFreeSlots, WhenFields } from './WhenFields';

interface Props {
  slug: string;
  clinicName: string;
  /** The address's query string: the day, provider or patient to start from (?date=…&provider=…&patient=…). */
  search: string;
  navigate: Navigate;
  onBooked(appointment: StaffAppointment): void;
  onSessionEnded(): void;
}

/** The longest staff note the server takes. */
const NOTE_MAX_LENGTH = 1000;

/** Booking for a patient: the patient, the type (staff-only ones too), one of its providers, the day and a free time or any time. */
export function BookPage({ slug, clinicName, search, navigate, onBooked, onSessionEnded }: Props) {
  const { t, lang } = useI18n();
  useDocumentTitle(t('appts.book.pageTitle', { clinic: clinicName }));
  const start = useMemo(() => {
    const params = new URLSearchParams(search);
    const calendar = parseCalendarQuery(search);
    const patient = params.get('patient');
    return { day: calendar.date, provider: calendar.provider, patient: patient && patient.length <= 64 ? patient : null };
  }, [search]);
  const chart = useQuery({
    queryKey: registrationKeys.patient(slug, start.patient ?? ''),
    queryFn: ({ signal }) => registrationApi.patient(slug, start.patient!, signal),
    enabled: start.patient !== null,
  });
  const types = useQuery({ queryKey: appointmentKeys.types(slug), queryFn: ({ signal }) => appointmentsApi.types(slug, signal) });
  const providers = useQuery({ queryKey: appointmentKeys.providers(slug), queryFn: ({ signal }) => appointmentsApi.providers(slug, signal) });
  const locations = useQuery({ queryKey: appointmentKeys.locations(slug), queryFn: ({ signal }) => appointmentsApi.locations(slug, signal) });

  const [patient, setPatient] = useState<PickedPatient | null>(null);
  useEffect(() => {
    if (chart.data) {
      setPatient({ id: chart.data.id, displayName: patientName(chart.data, t) });
    }
  }, [chart.data, t]);
  const [typeId, setTypeId] = useState('');
  const [providerId, setProviderId] = useState(start.provider ?? '');
  const [choice, setChoice] = useState<WhenChoice>(() => emptyWhen(start.day ?? localToday()));
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const slots = useFreeSlots(slug, typeId, providerId, choice.day);

  const activeTypes = (types.data?.items ?? []).filter((type) => type.active);
  const type = activeTypes.find((candidate) => candidate.id === typeId);
  const offering = (providers.data?.items ?? []).filter((provider) => provider.active && (type?.providerIds.includes(provider.id) ?? false));
  // A provider who does not offer the type chosen is no choice.
  useEffect(() => {
    if (type && providerId && !type.providerIds.includes(providerId)) {
      setProviderId('');
    }
  }, [type, providerId]);

  const book = useMutation({
    mutationFn: (body: Parameters<typeof appointmentsApi.book>[1]) => appointmentsApi.book(slug, body),
    onSuccess: onBooked,
    onError: (error) => {
      if (error instanceof ApiError && error.status === 401) {
        onSessionEnded();
      }
    },
  });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    book.reset();
    try {
      if (!patient) {
        throw new LocalError(msgKey('appts.book.error.patient'));
      }
      if (!type) {
        throw new LocalError(msgKey('appts.book.error.type'));
      }
      if (!providerId) {
        throw new LocalError(msgKey('appts.book.error.provider'));
      }
      const zone = slots.data?.timeZone;
      if (!zone) {
        throw new LocalError(msgKey('appts.when.chooseFirst'));
      }
      const when = whenRequest(choice, zone, type.mode === 'in_person');
      setProblem(null);
      book.mutate({
        patientId: patient.id,
        typeId: type.id,
        providerId,
        startsAt: when.startsAt,
        anyTime: when.anyTime,
        locationId: when.locationId,
        staffNote: note.trim() || null,
      });
    } catch (error) {
      setProblem(error instanceof LocalError ? t(error.key) : String(error));
    }
  };

  const calendarLink = `${appointmentsPath(slug)}${calendarSearch({ view: 'week', date: start.day, provider: start.provider })}`;
  const loading = types.isPending || providers.isPending || locations.isPending || (start.patient !== null && chart.isPending);
  const failed = ([types, providers, locations, ...(start.patient !== null ? [chart] : [])] as UseQueryResult<unknown>[]).find((query) => query.isError);

  return (
    <>
      <p className="breadcrumb">
        <a href={calendarLink} onClick={(event) => followLink(event, navigate)}>
          {t('appts.breadcrumb')}
        </a>
      </p>
      <h1>{t('appts.book.heading')}</h1>
      {failed ? (
        <div role="alert" className="message error">
          <p>{appointmentError(failed.error, t)}</p>
        </div>
      ) : loading ? (
        <Loading />
      ) : (
        <form className="patient-form" noValidate onSubmit={submit}>
          <PatientPicker slug={slug} patient={patient} onChange={setPatient} problem={null} fixed={false} />
          <SelectField
            id="book-type"
            label={t('appts.book.type')}
            value={typeId}
            onChange={(value) => {
              setTypeId(value);
              setChoice({ ...choice, slot: null });
            }}
            placeholder={t('appts.book.chooseType')}
            options={activeTypes.map((candidate) => ({ id: candidate.id, label: typeName(candidate, lang) + (candidate.bookableOnline ? '' : ` ${t('appts.book.staffOnly')}`) }))}
            problem={null}
          />
          <SelectField
            id="book-provider"
            label={t('appts.book.provider')}
            value={providerId}
            disabled={!type}
            onChange={(value) => {
              setProviderId(value);
              setChoice({ ...choice, slot: null });
            }}
            placeholder={t('appts.book.chooseProvider')}
            options={offering.map((provider) => ({ id: provider.id, label: providerName(provider) }))}
            problem={null}
          />
          <WhenFields
            id="book"
            choice={choice}
            onChange={setChoice}
            slots={slots}
            ready={type !== undefined && providerId !== '' && isDay(choice.day)}
            inPerson={type?.mode === 'in_person'}
            locations={locations.data?.items ?? []}
          />
          <div className="field">
            <label htmlFor="book-note">{t('appts.book.note')}</label>
            <p className="help" id="book-note-help">
              {t('appts.book.note.help')}
            </p>
            <textarea
              id="book-note"
              rows={3}
              maxLength={NOTE_MAX_LENGTH}
              value={note}
              aria-describedby="book-note-help"
              onChange={(event) => setNote(event.target.value)}
            />
          </div>
          {(problem || book.isError) && (
            <div role="alert" className="message error">
              <p>{problem ?? appointmentError(book.error, t)}</p>
            </div>
          )}
          <div className="form-actions">
            <button type="submit" disabled={book.isPending}>
              {t('appts.book.submit')}
            </button>
          </div>
        </form>
      )}
    </>
  );
}

/** The browser's today, for a first day before one is chosen. */
function localToday(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}
