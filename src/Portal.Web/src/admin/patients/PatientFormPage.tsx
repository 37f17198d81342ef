import { useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../shared/api';
import { errorMessage, type CodeMessages } from '../../shared/errors';
import { useDocumentTitle, useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey, type Translate } from '../../shared/i18n/translate';
import { QueryState } from '../../shared/QueryState';
import { CheckField } from '../../shared/CheckField';
import { FieldError } from '../../shared/FieldError';
import { useFocusRequest } from '../../shared/useFocusRequest';
import { clinicAdminPath, patientPath } from '../routes';
import { followLink, type Navigate } from '../../shared/useLocationPath';
import { registrationApi, registrationKeys, type IdTypes, type PatientChart } from './api';
import {
  CONTACT_METHODS,
  CONTACT_METHOD_KEYS,
  COUNTRIES,
  COUNTRY_KEYS,
  HEALTH_CARD_KEYS,
  PATIENT_LANGUAGES,
  PATIENT_LANGUAGE_KEYS,
  SEXES,
  SEX_KEYS,
  describedBy,
  idTypeName,
  patientName,
  regionsOf,
  sortByName,
} from './labels';
import {
  MAX_CONTACTS,
  MAX_IDENTIFIERS,
  createBody,
  emptyContact,
  emptyForm,
  emptyIdentifier,
  fieldId,
  formFromChart,
  missingFields,
  serverProblems,
  takesVersionCode,
  updateBody,
  type AddressForm,
  type ContactRow,
  type FormProblems,
  type IdentifierRow,
  type PatientForm,
  type PortalAccessChoice,
  type SentRows,
} from './patientForm';
import { PatientsBreadcrumb } from './PatientsBreadcrumb';

const SAVE_ERRORS: CodeMessages = {
  validation_failed: msgKey('patients.form.error.fields'),
  malformed_json: msgKey('patients.form.error.fields'),
  identifier_taken: msgKey('patients.form.error.identifierTaken'),
  chart_number_taken: msgKey('patients.form.error.chartNumberTaken'),
  patient_changed: msgKey('patients.form.error.changed'),
  restricted_field: msgKey('patients.form.error.restricted'),
  patient_not_found: msgKey('patients.notFound.text'),
  forbidden: msgKey('admin.forbidden'),
};

const PORTAL_ACCESS_CHOICES: { value: PortalAccessChoice; key: string }[] = [
  { value: 'default', key: msgKey('patients.form.portalAccess.default') },
  { value: 'on', key: msgKey('patients.form.portalAccess.on') },
  { value: 'off', key: msgKey('patients.form.portalAccess.off') },
];

interface Props {
  slug: string;
  clinicName: string;
  /** The patient to edit; null for a new patient. */
  patientId: string | null;
  /** Owners and administrators: may change the chart number and whether the patient is active. */
  canManage: boolean;
  navigate: Navigate;
  onSaved(chart: PatientChart, created: boolean): void;
  onSessionEnded(): void;
}

interface Loaded {
  idTypes: IdTypes;
  chart: PatientChart | null;
}

const EMPTY_PROBLEMS: FormProblems = { byId: {}, other: [] };

/** New patient (/patients/new) and Edit patient (/patients/{id}/edit): one form. */
export function PatientFormPage({ slug, clinicName, patientId, canManage, navigate, onSaved, onSessionEnded }: Props) {
  const { t, lang } = useI18n();
  const creating = patientId === null;
  const queryClient = useQueryClient();
  const idTypesQuery = useQuery({ queryKey: registrationKeys.idTypes(slug), queryFn: ({ signal }) => registrationApi.idTypes(slug, signal) });
  const chartQuery = useQuery({
    queryKey: registrationKeys.patient(slug, patientId ?? ''),
    queryFn: ({ signal }) => registrationApi.patient(slug, patientId!, signal),
    enabled: patientId !== null,
  });
  // The load the page still waits for, or that failed: the ID types, and the chart when editing.
  const waiting = [idTypesQuery, ...(patientId === null ? [] : [chartQuery])].find((query) => !query.isSuccess) ?? null;
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [form, setForm] = useState<PatientForm | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [sentRows, setSentRows] = useState<SentRows>({ emails: [], mobiles: [], identifiers: [] });
  /** Required fields left empty, found before sending: element id -> message key. */
  const [missing, setMissing] = useState<Record<string, string>>({});
  const [statusKey, setStatusKey] = useState<string | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  // A new patient's preferred language starts as the page's; switching the page's language later keeps what was typed.
  const langAtOpening = useRef(lang);
  const [summaryShown, setSummaryShown] = useState(0);
  const setFocusId = useFocusRequest();

  const name = loaded?.chart ? patientName(loaded.chart, t) : null;
  useDocumentTitle(
    creating
      ? t('patients.new.pageTitle', { clinic: clinicName })
      : name
        ? t('patients.edit.pageTitle', { name, clinic: clinicName })
        : t('patients.edit.heading'),
  );

  const fill = useCallback((idTypes: IdTypes, chart: PatientChart | null) => {
    setLoaded({ idTypes, chart });
    setForm(chart ? formFromChart(chart) : emptyForm(langAtOpening.current));
    setLoadError(null);
    setSaveError(null);
    setMissing({});
  }, []);

  // The form starts from the first complete load; later loads only replace it on Reload.
  const ready = waiting === null && loaded === null;
  useEffect(() => {
    if (ready && idTypesQuery.data) {
      fill(idTypesQuery.data, patientId === null ? null : (chartQuery.data ?? null));
    }
  }, [ready, idTypesQuery.data, chartQuery.data, patientId, fill]);

  const load = async (): Promise<boolean> => {
    const [types, chart] = await Promise.all([idTypesQuery.refetch(), patientId === null ? null : chartQuery.refetch()]);
    const error = types.error ?? chart?.error ?? null;
    if (error !== null || !types.data || (chart !== null && !chart.data)) {
      if (error instanceof ApiError && error.status === 401) {
        onSessionEnded();
      } else {
        setLoadError(error);
      }
      return false;
    }
    fill(types.data, chart?.data ?? null);
    return true;
  };

  useEffect(() => {
    if (summaryShown > 0) {
      summaryRef.current?.focus();
    }
  }, [summaryShown]);


  const listPath = clinicAdminPath(slug, 'patients');
  const cancelPath = patientId === null ? listPath : patientPath(slug, patientId);
  const heading = creating ? t('patients.new.heading') : name ? t('patients.edit.headingNamed', { name }) : t('patients.edit.heading');

  if (!loaded || !form) {
    const notFound = waiting?.error instanceof ApiError && waiting.error.status === 404;
    return (
      <>
        <PatientsBreadcrumb href={listPath} navigate={navigate} />
        <h1>{notFound ? t('patients.notFound.title') : heading}</h1>
        {notFound ? (
          <>
            <div role="alert" className="message error">
              <p>{errorMessage(waiting?.error, t, SAVE_ERRORS)}</p>
            </div>
            <p>
              <a href={listPath} onClick={(event) => followLink(event, navigate)}>
                {t('patients.backToList')}
              </a>
            </p>
          </>
        ) : (
          <QueryState query={(waiting ?? idTypesQuery) as UseQueryResult<unknown>} errorMessages={SAVE_ERRORS} onSessionEnded={onSessionEnded}>
            {() => null}
          </QueryState>
        )}
      </>
    );
  }

  const { idTypes, chart } = loaded;
  const problems = saveError === null ? EMPTY_PROBLEMS : serverProblems(saveError, t, sentRows);
  const problemAt = (id: string): string | null => {
    const messages = [...(missing[id] ? [t(missing[id]!)] : []), ...(problems.byId[id] ?? [])];
    return messages.length > 0 ? [...new Set(messages)].join(' ') : null;
  };

  const change = (patch: Partial<PatientForm>) => {
    setForm((current) => (current ? { ...current, ...patch } : current));
    setStatusKey(null);
  };
  const changeAddress = (patch: Partial<AddressForm>) => change({ address: { ...form.address, ...patch } });

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (saving) {
      return;
    }
    setStatusKey(null);
    const empty = missingFields(form);
    setMissing(empty);
    if (Object.keys(empty).length > 0) {
      setSaveError(null);
      setSummaryShown((count) => count + 1);
      return;
    }
    setSaving(true);
    setSaveError(null);
    try {
      let saved: PatientChart;
      if (chart === null) {
        const { body, rows } = createBody(form, idTypes);
        setSentRows(rows);
        saved = await registrationApi.createPatient(slug, body);
      } else {
        const { body, rows } = updateBody(form, idTypes, chart.version);
        setSentRows(rows);
        saved = await registrationApi.updatePatient(slug, chart.id, body);
      }
      // The lists are stale; the saved chart is the server's answer, fresh.
      void queryClient.invalidateQueries({ queryKey: registrationKeys.patients(slug), refetchType: 'none' });
      queryClient.setQueryData(registrationKeys.patient(slug, saved.id), saved);
      onSaved(saved, chart === null);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        onSessionEnded();
        return;
      }
      setSaveError(error);
      setSummaryShown((count) => count + 1);
    } finally {
      setSaving(false);
    }
  };

  const reload = async () => {
    if (await load()) {
      setStatusKey(msgKey('patients.form.reloaded'));
    }
  };

  // The labels of the form's elements, for the list of problems at the top.
  const labels: Record<string, string> = {
    [fieldId.simple('legalGivenName')]: t('patients.field.legalGivenName'),
    [fieldId.simple('legalFamilyName')]: t('patients.field.legalFamilyName'),
    [fieldId.simple('preferredName')]: t('patients.field.preferredName'),
    [fieldId.simple('dateOfBirth')]: t('patients.field.dateOfBirth'),
    [fieldId.simple('sex')]: t('patients.field.sex'),
    [fieldId.simple('gender')]: t('patients.field.gender'),
    [fieldId.simple('chartNumber')]: t('patients.field.chartNumber'),
    [fieldId.simple('emails')]: t('patients.field.emails'),
    [fieldId.simple('mobiles')]: t('patients.field.mobiles'),
    [fieldId.simple('identifiers')]: t('patients.field.identifiers'),
    [fieldId.simple('preferredContactMethod')]: t('patients.field.preferredContactMethod'),
    [fieldId.simple('preferredLanguage')]: t('patients.field.preferredLanguage'),
    [fieldId.simple('active')]: t('patients.field.active'),
    [fieldId.simple('portalAccess')]: t('patients.field.portalAccess'),
    [fieldId.address()]: t('patients.field.address'),
    [fieldId.address('country')]: t('patients.field.country'),
    [fieldId.address('line1')]: t('patients.field.line1'),
    [fieldId.address('line2')]: t('patients.field.line2'),
    [fieldId.address('city')]: t('patients.field.city'),
    [fieldId.address('province')]: form.address.country === 'US' ? t('patients.field.state') : t('patients.field.province'),
    [fieldId.address('postalCode')]: form.address.country === 'US' ? t('patients.field.zipCode') : t('patients.field.postalCode'),
  };
  form.emails.forEach((row, index) => {
    labels[fieldId.email(row.key)] = t('patients.field.email', { n: index + 1 });
  });
  form.mobiles.forEach((row, index) => {
    labels[fieldId.mobile(row.key)] = t('patients.field.mobile', { n: index + 1 });
  });
  form.identifiers.forEach((row, index) => {
    labels[fieldId.identifier(row.key)] = t('patients.field.identifier', { n: index + 1 });
    labels[fieldId.identifier(row.key, 'type')] = t('patients.field.idType', { n: index + 1 });
    labels[fieldId.identifier(row.key, 'number')] = t('patients.field.idNumber', { n: index + 1 });
    labels[fieldId.identifier(row.key, 'versionCode')] = t('patients.field.versionCode', { n: index + 1 });
  });
  // Problems in the order of the form, each with the name of its field.
  const listed = Object.keys(labels)
    .map((id) => ({ id, label: labels[id]!, message: problemAt(id) }))
    .filter((entry): entry is { id: string; label: string; message: string } => entry.message !== null);
  const unplaced = [
    ...problems.other,
    ...Object.keys(problems.byId)
      .filter((id) => labels[id] === undefined)
      .flatMap((id) => problems.byId[id]!),
  ];
  const hasProblems = saveError !== null || Object.keys(missing).length > 0;
  const changed = saveError instanceof ApiError && saveError.code === 'patient_changed';

  const textField = (field: 'legalGivenName' | 'legalFamilyName' | 'preferredName' | 'gender' | 'chartNumber', options: { maxLength: number; autoComplete?: string; required?: boolean; disabled?: boolean; help?: string }) => {
    const id = fieldId.simple(field);
    const error = problemAt(id);
    return (
      <div className="field">
        <label htmlFor={id}>{labels[id]}</label>
        {options.help && (
          <p className="help" id={`${id}-help`}>
            {options.help}
          </p>
        )}
        <input
          id={id}
          name={field}
          type="text"
          value={form[field]}
          maxLength={options.maxLength}
          autoComplete={options.autoComplete ?? 'off'}
          spellCheck={false}
          required={options.required}
          disabled={options.disabled}
          onChange={(event) => change({ [field]: event.target.value } as Partial<PatientForm>)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(options.help && `${id}-help`, error && `${id}-error`)}
        />
        <FieldError id={`${id}-error`} message={error} />
      </div>
    );
  };

  const today = localDate(new Date());
  const dateOfBirthId = fieldId.simple('dateOfBirth');
  const dateOfBirthError = problemAt(dateOfBirthId);
  const sexId = fieldId.simple('sex');
  const sexError = problemAt(sexId);
  const regions = regionsOf(form.address.country, lang, t);
  const addressError = problemAt(fieldId.address());
  const methodId = fieldId.simple('preferredContactMethod');
  const methodError = problemAt(methodId);
  const languageId = fieldId.simple('preferredLanguage');
  const languageError = problemAt(languageId);
  const activeId = fieldId.simple('active');
  const activeError = problemAt(activeId);
  const portalId = fieldId.simple('portalAccess');
  const portalError = problemAt(portalId);

  return (
    <>
      <PatientsBreadcrumb href={listPath} navigate={navigate} />
      <h1>{heading}</h1>
      <p>{t('patients.form.intro')}</p>
      {loadError !== null && (
        <div role="alert" className="message error">
          <p>{errorMessage(loadError, t, SAVE_ERRORS)}</p>
        </div>
      )}

      {hasProblems && (
        <div className="message error error-summary" role="alert" tabIndex={-1} ref={summaryRef}>
          <p>
            <strong>{creating ? t('patients.form.error.notCreated') : t('patients.form.error.notSaved')}</strong>{' '}
            {saveError !== null ? errorMessage(saveError, t, SAVE_ERRORS) : t('patients.form.error.fields')}
          </p>
          {(listed.length > 0 || unplaced.length > 0) && (
            <ul>
              {listed.map((entry) => (
                <li key={entry.id}>
                  <a
                    href={`#${entry.id}`}
                    onClick={(event) => {
                      event.preventDefault();
                      document.getElementById(entry.id)?.focus();
                    }}
                  >
                    {t('patients.form.problem', { field: entry.label, message: entry.message })}
                  </a>
                </li>
              ))}
              {unplaced.map((message, index) => (
                <li key={`other-${index}`}>{message}</li>
              ))}
            </ul>
          )}
          {changed && (
            <button type="button" className="secondary" onClick={() => void reload()}>
              {t('patients.form.reload')}
            </button>
          )}
        </div>
      )}

      <form className="patient-form" noValidate onSubmit={submit}>
        <section className="form-section" aria-labelledby="patient-section-identity">
          <h2 id="patient-section-identity">{t('patients.form.section.identity')}</h2>
          {textField('legalGivenName', { maxLength: 100, required: true })}
          {textField('legalFamilyName', { maxLength: 100, required: true })}
          {textField('preferredName', { maxLength: 100, help: t('patients.form.preferredName.help') })}
          <div className="field">
            <label htmlFor={dateOfBirthId}>{labels[dateOfBirthId]}</label>
            <input
              id={dateOfBirthId}
              name="dateOfBirth"
              type="date"
              min="1900-01-01"
              max={today}
              required
              value={form.dateOfBirth}
              onChange={(event) => change({ dateOfBirth: event.target.value })}
              aria-invalid={dateOfBirthError ? true : undefined}
              aria-describedby={describedBy(dateOfBirthError && `${dateOfBirthId}-error`)}
            />
            <FieldError id={`${dateOfBirthId}-error`} message={dateOfBirthError} />
          </div>
          <div className="field">
            <label htmlFor={sexId}>{labels[sexId]}</label>
            <p className="help" id={`${sexId}-help`}>
              {t('patients.form.sex.help')}
            </p>
            <select
              id={sexId}
              name="sex"
              required
              value={form.sex}
              onChange={(event) => change({ sex: event.target.value })}
              aria-invalid={sexError ? true : undefined}
              aria-describedby={describedBy(`${sexId}-help`, sexError && `${sexId}-error`)}
            >
              <option value="">{t('patients.form.choose')}</option>
              {SEXES.map((code) => (
                <option key={code} value={code}>
                  {t(SEX_KEYS[code]!)}
                </option>
              ))}
            </select>
            <FieldError id={`${sexId}-error`} message={sexError} />
          </div>
          {textField('gender', { maxLength: 50, help: t('patients.form.gender.help') })}
          {textField('chartNumber', {
            maxLength: 20,
            disabled: !creating && !canManage,
            help: !creating && !canManage ? t('patients.form.managersOnly') : t('patients.form.chartNumber.help'),
          })}
        </section>

        <section className="form-section" aria-labelledby="patient-section-contact">
          <h2 id="patient-section-contact">{t('patients.form.section.contact')}</h2>
          <ContactList
            kind="email"
            rows={form.emails}
            legend={labels[fieldId.simple('emails')]!}
            listError={problemAt(fieldId.simple('emails'))}
            labelOf={(index) => t('patients.field.email', { n: index + 1 })}
            removeLabelOf={(index) => t('patients.form.removeEmail', { n: index + 1 })}
            addLabel={t('patients.form.addEmail')}
            help={t('patients.form.emails.help')}
            problemAt={problemAt}
            onChange={(emails) => change({ emails })}
            onFocus={setFocusId}
          />
          <ContactList
            kind="mobile"
            rows={form.mobiles}
            legend={labels[fieldId.simple('mobiles')]!}
            listError={problemAt(fieldId.simple('mobiles'))}
            labelOf={(index) => t('patients.field.mobile', { n: index + 1 })}
            removeLabelOf={(index) => t('patients.form.removeMobile', { n: index + 1 })}
            addLabel={t('patients.form.addMobile')}
            help={t('patients.form.mobiles.help')}
            problemAt={problemAt}
            onChange={(mobiles) => change({ mobiles })}
            onFocus={setFocusId}
          />
          <RadioGroup
            id={methodId}
            name="preferredContactMethod"
            legend={labels[methodId]!}
            value={form.preferredContactMethod}
            choices={CONTACT_METHODS.map((code) => ({ value: code, label: t(CONTACT_METHOD_KEYS[code]!) }))}
            error={methodError}
            onChange={(value) => change({ preferredContactMethod: value })}
          />
          <RadioGroup
            id={languageId}
            name="preferredLanguage"
            legend={labels[languageId]!}
            value={form.preferredLanguage}
            choices={PATIENT_LANGUAGES.map((code) => ({ value: code, label: t(PATIENT_LANGUAGE_KEYS[code]!) }))}
            error={languageError}
            onChange={(value) => change({ preferredLanguage: value })}
          />
        </section>

        <section className="form-section" aria-labelledby="patient-section-address">
          <h2 id="patient-section-address">{t('patients.form.section.address')}</h2>
          <fieldset
            id={fieldId.address()}
            tabIndex={-1}
            aria-describedby={describedBy(`${fieldId.address()}-help`, addressError && `${fieldId.address()}-error`)}
          >
            <legend className="visually-hidden">{labels[fieldId.address()]}</legend>
            <p className="help" id={`${fieldId.address()}-help`}>
              {t('patients.form.address.help')}
            </p>
            <AddressSelect
              id={fieldId.address('country')}
              label={labels[fieldId.address('country')]!}
              value={form.address.country}
              choices={COUNTRIES.map((code) => ({ value: code, label: t(COUNTRY_KEYS[code]!) }))}
              error={problemAt(fieldId.address('country'))}
              onChange={(country) =>
                changeAddress({
                  country,
                  province: regionsOf(country, lang, t).some((region) => region.code === form.address.province) ? form.address.province : '',
                })
              }
            />
            <AddressText id={fieldId.address('line1')} label={labels[fieldId.address('line1')]!} value={form.address.line1} autoComplete="address-line1" error={problemAt(fieldId.address('line1'))} onChange={(line1) => changeAddress({ line1 })} />
            <AddressText id={fieldId.address('line2')} label={labels[fieldId.address('line2')]!} value={form.address.line2} autoComplete="address-line2" error={problemAt(fieldId.address('line2'))} onChange={(line2) => changeAddress({ line2 })} />
            <AddressText id={fieldId.address('city')} label={labels[fieldId.address('city')]!} value={form.address.city} autoComplete="address-level2" error={problemAt(fieldId.address('city'))} onChange={(city) => changeAddress({ city })} />
            <AddressSelect
              id={fieldId.address('province')}
              label={labels[fieldId.address('province')]!}
              value={form.address.province}
              placeholder={t('patients.form.choose')}
              choices={regions.map((region) => ({ value: region.code, label: region.name }))}
              error={problemAt(fieldId.address('province'))}
              onChange={(province) => changeAddress({ province })}
            />
            <AddressText
              id={fieldId.address('postalCode')}
              label={labels[fieldId.address('postalCode')]!}
              value={form.address.postalCode}
              autoComplete="postal-code"
              narrow
              error={problemAt(fieldId.address('postalCode'))}
              onChange={(postalCode) => changeAddress({ postalCode })}
            />
            <FieldError id={`${fieldId.address()}-error`} message={addressError} />
          </fieldset>
        </section>

        <section className="form-section" aria-labelledby="patient-section-identifiers">
          <h2 id="patient-section-identifiers">{t('patients.form.section.identifiers')}</h2>
          <IdentifierList
            rows={form.identifiers}
            idTypes={idTypes}
            listError={problemAt(fieldId.simple('identifiers'))}
            problemAt={problemAt}
            onChange={(identifiers) => change({ identifiers })}
            onFocus={setFocusId}
          />
        </section>

        <section className="form-section" aria-labelledby="patient-section-status">
          <h2 id="patient-section-status">{creating ? t('patients.form.section.statusAndPortal') : t('patients.form.section.status')}</h2>
          <CheckField
            id={activeId}
            name="active"
            label={labels[activeId]}
            help={canManage ? t('patients.form.active.help') : t('patients.form.managersOnly')}
            checked={form.active}
            disabled={!canManage}
            error={activeError}
            onChange={(active) => change({ active })}
          />
          {creating && (
            <RadioGroup
              id={portalId}
              name="portalAccess"
              legend={labels[portalId]!}
              help={t('patients.form.portalAccess.help')}
              value={form.portalAccess}
              choices={PORTAL_ACCESS_CHOICES.map((choice) => ({ value: choice.value, label: t(choice.key) }))}
              error={portalError}
              onChange={(value) => change({ portalAccess: value as PortalAccessChoice })}
            />
          )}
        </section>

        <div className="form-actions">
          <button type="submit" aria-disabled={saving ? true : undefined}>
            {creating ? t('patients.form.create') : t('patients.form.save')}
          </button>
          <a className="button secondary" href={cancelPath} onClick={(event) => followLink(event, navigate)}>
            {t('patients.form.cancel')}
          </a>
        </div>
        <div role="status" className="status-region">
          {saving ? (
            <p>{creating ? t('patients.form.creating') : t('patients.form.saving')}</p>
          ) : statusKey ? (
            <p className="message success">{t(statusKey)}</p>
          ) : null}
        </div>
      </form>
    </>
  );
}

interface ContactListProps {
  kind: 'email' | 'mobile';
  rows: ContactRow[];
  legend: string;
  help: string;
  listError: string | null;
  labelOf(index: number): string;
  removeLabelOf(index: number): string;
  addLabel: string;
  problemAt(id: string): string | null;
  onChange(rows: ContactRow[]): void;
  onFocus(id: string): void;
}

/** Up to three email addresses or mobile numbers; the first is the primary one. */
function ContactList({ kind, rows, legend, help, listError, labelOf, removeLabelOf, addLabel, problemAt, onChange, onFocus }: ContactListProps) {
  const listId = fieldId.simple(kind === 'email' ? 'emails' : 'mobiles');
  const idOf = (row: ContactRow) => (kind === 'email' ? fieldId.email(row.key) : fieldId.mobile(row.key));
  const addId = `${listId}-add`;
  return (
    <fieldset className="field repeat-list" id={listId} tabIndex={-1} aria-describedby={describedBy(`${listId}-help`, listError && `${listId}-error`)}>
      <legend>{legend}</legend>
      <p className="help" id={`${listId}-help`}>
        {help}
      </p>
      {rows.map((row, index) => {
        const id = idOf(row);
        const error = problemAt(id);
        return (
          <div className="repeat-row" key={row.key}>
            <div className="repeat-field">
              <label htmlFor={id}>{labelOf(index)}</label>
              <input
                id={id}
                type={kind === 'email' ? 'email' : 'tel'}
                name={kind === 'email' ? 'emails' : 'mobiles'}
                inputMode={kind === 'email' ? 'email' : 'tel'}
                autoComplete="off"
                spellCheck={false}
                maxLength={254}
                value={row.value}
                onChange={(event) => onChange(rows.map((candidate) => (candidate.key === row.key ? { ...candidate, value: event.target.value } : candidate)))}
                aria-invalid={error ? true : undefined}
                aria-describedby={describedBy(error && `${id}-error`)}
              />
              <FieldError id={`${id}-error`} message={error} />
            </div>
            {rows.length > 1 && (
              <button
                type="button"
                className="secondary repeat-remove"
                onClick={() => {
                  onChange(rows.filter((candidate) => candidate.key !== row.key));
                  onFocus(addId);
                }}
              >
                {removeLabelOf(index)}
              </button>
            )}
          </div>
        );
      })}
      {rows.length < MAX_CONTACTS && (
        <button
          type="button"
          className="secondary"
          id={addId}
          onClick={() => {
            const added = emptyContact();
            onChange([...rows, added]);
            onFocus(idOf(added));
          }}
        >
          {addLabel}
        </button>
      )}
      <FieldError id={`${listId}-error`} message={listError} />
    </fieldset>
  );
}

interface IdentifierListProps {
  rows: IdentifierRow[];
  idTypes: IdTypes;
  listError: string | null;
  problemAt(id: string): string | null;
  onChange(rows: IdentifierRow[]): void;
  onFocus(id: string): void;
}

/** Health cards and the clinic's own IDs: one of each type, up to five. */
function IdentifierList({ rows, idTypes, listError, problemAt, onChange, onFocus }: IdentifierListProps) {
  const { t, lang } = useI18n();
  const listId = fieldId.simple('identifiers');
  const addId = `${listId}-add`;
  const cards = sortByName(
    idTypes.healthCards.filter((card) => HEALTH_CARD_KEYS[card.code]).map((card) => ({ code: card.code, name: t(HEALTH_CARD_KEYS[card.code]!) })),
    lang,
  );
  const own = sortByName(
    idTypes.clinicTypes.map((type) => ({ code: type.code, name: idTypeName(type.code, idTypes, lang, t) })),
    lang,
  );
  const update = (key: number, patch: Partial<IdentifierRow>) =>
    onChange(rows.map((row) => (row.key === key ? { ...row, ...patch } : row)));

  return (
    <fieldset className="field repeat-list" id={listId} tabIndex={-1} aria-describedby={describedBy(`${listId}-help`, listError && `${listId}-error`)}>
      <legend className="visually-hidden">{t('patients.field.identifiers')}</legend>
      <p className="help" id={`${listId}-help`}>
        {t('patients.form.identifiers.help')}
      </p>
      {rows.map((row, index) => {
        const n = index + 1;
        const typeId = fieldId.identifier(row.key, 'type');
        const numberId = fieldId.identifier(row.key, 'number');
        const versionId = fieldId.identifier(row.key, 'versionCode');
        const rowId = fieldId.identifier(row.key);
        const typeError = problemAt(typeId);
        const numberError = problemAt(numberId);
        const versionError = problemAt(versionId);
        const rowError = problemAt(rowId);
        const hint = numberHint(row.type, idTypes, t);
        const usedElsewhere = new Set(rows.filter((other) => other.key !== row.key).map((other) => other.type));
        const withVersion = takesVersionCode(row.type, idTypes);
        // A saved type the clinic no longer has still shows, by its code.
        const unknownType = row.type !== '' && !cards.some((card) => card.code === row.type) && !own.some((type) => type.code === row.type);
        return (
          <div className="identifier-row" key={row.key} id={rowId} tabIndex={-1}>
            <div className="identifier-fields">
              <div className="field">
                <label htmlFor={typeId}>{t('patients.field.idType', { n })}</label>
                <select
                  id={typeId}
                  name="identifierType"
                  value={row.type}
                  onChange={(event) => {
                    const type = event.target.value;
                    update(row.key, { type, versionCode: takesVersionCode(type, idTypes) ? row.versionCode : '' });
                  }}
                  aria-invalid={typeError ? true : undefined}
                  aria-describedby={describedBy(typeError && `${typeId}-error`)}
                >
                  <option value="">{t('patients.form.chooseIdType')}</option>
                  <optgroup label={t('patients.form.healthCards')}>
                    {cards.map((card) => (
                      <option key={card.code} value={card.code} disabled={usedElsewhere.has(card.code)}>
                        {card.name}
                      </option>
                    ))}
                  </optgroup>
                  {own.length > 0 && (
                    <optgroup label={t('patients.form.clinicIdTypes')}>
                      {own.map((type) => (
                        <option key={type.code} value={type.code} disabled={usedElsewhere.has(type.code)}>
                          {type.name}
                        </option>
                      ))}
                    </optgroup>
                  )}
                  {unknownType && <option value={row.type}>{row.type}</option>}
                </select>
                <FieldError id={`${typeId}-error`} message={typeError} />
              </div>
              <div className="field">
                <label htmlFor={numberId}>{t('patients.field.idNumber', { n })}</label>
                {hint && (
                  <p className="help" id={`${numberId}-help`}>
                    {hint}
                  </p>
                )}
                <input
                  id={numberId}
                  name="identifierNumber"
                  type="text"
                  autoComplete="off"
                  spellCheck={false}
                  maxLength={40}
                  value={row.number}
                  onChange={(event) => update(row.key, { number: event.target.value })}
                  aria-invalid={numberError ? true : undefined}
                  aria-describedby={describedBy(hint && `${numberId}-help`, numberError && `${numberId}-error`)}
                />
                <FieldError id={`${numberId}-error`} message={numberError} />
              </div>
              {(withVersion || row.versionCode !== '' || versionError) && (
                <div className="field field-narrow">
                  <label htmlFor={versionId}>{t('patients.field.versionCode', { n })}</label>
                  <p className="help" id={`${versionId}-help`}>
                    {t('patients.form.versionCode.help')}
                  </p>
                  <input
                    id={versionId}
                    name="identifierVersionCode"
                    type="text"
                    autoComplete="off"
                    autoCapitalize="characters"
                    spellCheck={false}
                    maxLength={2}
                    value={row.versionCode}
                    onChange={(event) => update(row.key, { versionCode: event.target.value })}
                    aria-invalid={versionError ? true : undefined}
                    aria-describedby={describedBy(`${versionId}-help`, versionError && `${versionId}-error`)}
                  />
                  <FieldError id={`${versionId}-error`} message={versionError} />
                </div>
              )}
            </div>
            <FieldError id={`${rowId}-error`} message={rowError} />
            {rows.length > 1 && (
              <button
                type="button"
                className="secondary"
                onClick={() => {
                  onChange(rows.filter((candidate) => candidate.key !== row.key));
                  onFocus(addId);
                }}
              >
                {t('patients.form.removeIdentifier', { n })}
              </button>
            )}
          </div>
        );
      })}
      {rows.length < MAX_IDENTIFIERS && (
        <button
          type="button"
          className="secondary"
          id={addId}
          onClick={() => {
            const added = emptyIdentifier();
            onChange([...rows, added]);
            onFocus(fieldId.identifier(added.key, 'type'));
          }}
        >
          {t('patients.form.addIdentifier')}
        </button>
      )}
      <FieldError id={`${listId}-error`} message={listError} />
    </fieldset>
  );
}

/** What a number of this type looks like: a health card's usual form, Quebec's NAM by its name. */
function numberHint(type: string, idTypes: IdTypes, t: Translate): string | null {
  const card = idTypes.healthCards.find((candidate) => candidate.code === type);
  if (card) {
    return type === 'QC' ? t('patients.form.idNumber.hintQuebec', { example: card.example }) : t('patients.form.idNumber.hintCard', { example: card.example });
  }
  if (idTypes.clinicTypes.some((candidate) => candidate.code === type)) {
    return t('patients.form.idNumber.hintClinic');
  }
  return null;
}

interface RadioGroupProps {
  id: string;
  name: string;
  legend: string;
  help?: string;
  value: string;
  choices: { value: string; label: string }[];
  error: string | null;
  onChange(value: string): void;
}

function RadioGroup({ id, name, legend, help, value, choices, error, onChange }: RadioGroupProps) {
  return (
    <fieldset className="field" id={id} tabIndex={-1} aria-describedby={describedBy(help && `${id}-help`, error && `${id}-error`)}>
      <legend>{legend}</legend>
      {help && (
        <p className="help" id={`${id}-help`}>
          {help}
        </p>
      )}
      <div className="check-row">
        {choices.map((choice) => (
          <div className="check" key={choice.value}>
            <input
              type="radio"
              id={`${id}-${choice.value}`}
              name={name}
              value={choice.value}
              checked={value === choice.value}
              onChange={() => onChange(choice.value)}
            />
            <label htmlFor={`${id}-${choice.value}`}>{choice.label}</label>
          </div>
        ))}
      </div>
      <FieldError id={`${id}-error`} message={error} />
    </fieldset>
  );
}

function AddressText({ id, label, value, autoComplete, narrow, error, onChange }: { id: string; label: string; value: string; autoComplete: string; narrow?: boolean; error: string | null; onChange(value: string): void }) {
  return (
    <div className={narrow ? 'field field-narrow' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        autoComplete={autoComplete}
        maxLength={100}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(error && `${id}-error`)}
      />
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

function AddressSelect({ id, label, value, placeholder, choices, error, onChange }: { id: string; label: string; value: string; placeholder?: string; choices: { value: string; label: string }[]; error: string | null; onChange(value: string): void }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)} aria-invalid={error ? true : undefined} aria-describedby={describedBy(error && `${id}-error`)}>
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

/** Today in the browser's time zone, as yyyy-mm-dd (the latest date of birth the date picker offers). */
function localDate(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
