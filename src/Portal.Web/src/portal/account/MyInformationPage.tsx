import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from '../../shared/api';
import { errorMessage, fieldMessages, type CodeMessages } from '../../shared/errors';
import { FieldError, describedBy } from '../../shared/FieldError';
import { formatCalendarDate } from '../../shared/format';
import { useI18n } from '../../shared/i18n/I18nProvider';
import { parseLang, type Lang } from '../../shared/i18n/language';
import { msgKey, type Translate } from '../../shared/i18n/translate';
import { CONTACT_METHOD_KEYS, COUNTRY_KEYS, HEALTH_CARD_KEYS, PATIENT_LANGUAGE_KEYS, SEX_KEYS, formatPhone, nameOf, regionsOf } from '../../shared/patientLabels';
import { QueryState } from '../../shared/QueryState';
import type { Navigate } from '../../shared/useLocationPath';
import { PAGE_NAME_KEYS, PortalPage } from '../PortalPage';
import { signInApi, type SignInIdType } from '../signIn/api';
import { accountApi, type InformationUpdate, type PatientInformation } from './api';
import { ContactChange } from './ContactChange';

interface Props {
  slug: string;
  clinicName: string;
  navigate: Navigate;
  onSessionEnded(): void;
}

const informationKey = (slug: string) => ['portal', slug, 'information'];

/**
 * My information: what only the clinic changes (legal name, date of birth, sex, IDs), read-only; what the
 * patient changes themselves, saved into the chart at once with Update; their email and mobile, each
 * changed with a passcode sent to the new one.
 */
export function MyInformationPage({ slug, clinicName, navigate, onSessionEnded }: Props) {
  const { t } = useI18n();
  const information = useQuery({
    queryKey: informationKey(slug),
    queryFn: ({ signal }) => accountApi.information(slug, signal),
  });
  // Only to name the clinic's own ID types; health cards are named by the page.
  const idTypes = useQuery({
    queryKey: ['portal', slug, 'sign-in-id-types'],
    queryFn: ({ signal }) => signInApi.idTypes(slug, signal),
  });

  return (
    <PortalPage slug={slug} clinicName={clinicName} title={t(PAGE_NAME_KEYS['my-information'])} homeLink navigate={navigate}>
      <QueryState query={information} onSessionEnded={onSessionEnded}>
        {(loaded) => (
          <>
            <ClinicDetails information={loaded} idTypes={idTypes.data ?? null} />
            <DetailsForm slug={slug} information={loaded} onReload={() => void information.refetch()} onSessionEnded={onSessionEnded} />
            <section className="portal-info-section" aria-labelledby="my-info-contacts">
              <h3 id="my-info-contacts">{t('portal.myInfo.contacts.heading')}</h3>
              <p>{t('portal.myInfo.contacts.intro')}</p>
              <ContactChange slug={slug} kind="email" current={loaded.emails} onSessionEnded={onSessionEnded} />
              <ContactChange slug={slug} kind="mobile" current={loaded.mobiles.map(formatPhone)} onSessionEnded={onSessionEnded} />
            </section>
          </>
        )}
      </QueryState>
    </PortalPage>
  );
}

/** What only the clinic changes, with where to ask. */
function ClinicDetails({ information, idTypes }: { information: PatientInformation; idTypes: SignInIdType[] | null }) {
  const { t, lang } = useI18n();
  return (
    <section className="portal-info-section" aria-labelledby="my-info-clinic">
      <h3 id="my-info-clinic">{t('portal.myInfo.clinic.heading')}</h3>
      <p className="message note">{t('portal.myInfo.clinic.askClinic')}</p>
      <dl className="portal-details">
        <Detail label={t('portal.info.legalName')}>
          {t('portal.info.fullName', { given: information.legalGivenName, family: information.legalFamilyName })}
        </Detail>
        <Detail label={t('portal.info.dateOfBirth')}>{formatCalendarDate(information.dateOfBirth, lang)}</Detail>
        <Detail label={t('portal.info.sex')}>{nameOf(SEX_KEYS, information.sex, t)}</Detail>
        <Detail label={t('portal.info.identifiers')}>
          {information.identifiers.length > 0 ? (
            <ul className="plain-list">
              {information.identifiers.map((identifier) => (
                <li key={identifier.type}>
                  <span className="portal-detail-note">{idTypeName(identifier.type, idTypes, lang, t)}</span>
                  {identifier.versionCode
                    ? t('portal.info.identifierWithVersion', { number: identifier.number, version: identifier.versionCode })
                    : identifier.number}
                </li>
              ))}
            </ul>
          ) : (
            <span className="muted">{t('portal.info.none')}</span>
          )}
        </Detail>
      </dl>
    </section>
  );
}

interface DetailsFormState {
  preferredName: string;
  gender: string;
  country: string;
  line1: string;
  line2: string;
  city: string;
  province: string;
  postalCode: string;
  preferredContactMethod: string;
  preferredLanguage: string;
}

function formOf(information: PatientInformation): DetailsFormState {
  const address = information.address;
  return {
    preferredName: information.preferredName ?? '',
    gender: information.gender ?? '',
    country: address?.country ?? 'CA',
    line1: address?.line1 ?? '',
    line2: address?.line2 ?? '',
    city: address?.city ?? '',
    province: address?.province ?? '',
    postalCode: address?.postalCode ?? '',
    preferredContactMethod: information.preferredContactMethod,
    preferredLanguage: information.preferredLanguage,
  };
}

/** What the form sends: an address left wholly empty is no address; a partly filled one goes as typed, for the server to say what is missing. */
export function updateOf(form: DetailsFormState, version: number): InformationUpdate {
  const text = (value: string) => (value.trim() === '' ? null : value);
  const empty = [form.line1, form.line2, form.city, form.province, form.postalCode].every((value) => value.trim() === '');
  return {
    version,
    preferredName: text(form.preferredName),
    gender: text(form.gender),
    address: empty
      ? null
      : { line1: form.line1, line2: text(form.line2), city: form.city, province: form.province, postalCode: form.postalCode, country: form.country },
    preferredContactMethod: form.preferredContactMethod,
    preferredLanguage: form.preferredLanguage,
  };
}

const UPDATE_ERRORS: CodeMessages = {
  patient_changed: msgKey('portal.myInfo.error.changed'),
  validation_failed: msgKey('portal.myInfo.error.fields'),
};

const FIELD_CODES: CodeMessages = {
  required: msgKey('portal.myInfo.field.required'),
  too_long: msgKey('portal.myInfo.field.tooLong'),
  invalid: msgKey('portal.myInfo.field.invalid'),
  invalid_postal_code: msgKey('portal.myInfo.field.invalidPostalCode'),
  unknown_province: msgKey('portal.myInfo.field.unknownProvince'),
  unknown_country: msgKey('portal.myInfo.field.unknownCountry'),
  invalid_choice: msgKey('portal.myInfo.field.invalidChoice'),
  email_required_for_method: msgKey('portal.myInfo.field.emailRequired'),
  mobile_required_for_method: msgKey('portal.myInfo.field.mobileRequired'),
  read_only: msgKey('portal.myInfo.clinic.askClinic'),
};

interface DetailsFormProps {
  slug: string;
  information: PatientInformation;
  onReload(): void;
  onSessionEnded(): void;
}

/** The details a patient changes themselves; Update saves them into the chart at once. */
function DetailsForm({ slug, information, onReload, onSessionEnded }: DetailsFormProps) {
  const { t, lang, adoptPreferredLanguage } = useI18n();
  const id = useId();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<DetailsFormState>(() => formOf(information));
  const [refusal, setRefusal] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const alert = useRef<HTMLDivElement>(null);
  const update = useMutation({ mutationFn: (body: InformationUpdate) => accountApi.updateInformation(slug, body) });
  const problems = fieldMessages(refusal, t, FIELD_CODES);
  const problemAt = (field: string) => problems[field]?.join(' ') ?? null;
  const change = (patch: Partial<DetailsFormState>) => {
    setSaved(false);
    setForm((current) => ({ ...current, ...patch }));
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (update.isPending) {
      return;
    }
    setSaved(false);
    setRefusal(null);
    try {
      const next = await update.mutateAsync(updateOf(form, information.version));
      queryClient.setQueryData(informationKey(slug), next);
      setForm(formOf(next));
      setSaved(true);
      const language = parseLang(next.preferredLanguage);
      if (language && next.preferredLanguage !== information.preferredLanguage) {
        adoptPreferredLanguage(language);
      }
      void queryClient.invalidateQueries({ queryKey: ['portal', slug, 'session'] });
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 401) {
        onSessionEnded();
        return;
      }
      setRefusal(caught);
      alert.current?.focus();
    }
  };

  const field = (name: string) => `${id}-${name.replace('.', '-')}`;
  const regions = regionsOf(form.country, lang, t);
  const conflict = refusal instanceof ApiError && refusal.code === 'patient_changed';
  return (
    <section className="portal-info-section" aria-labelledby="my-info-yours">
      <h3 id="my-info-yours">{t('portal.myInfo.yours.heading')}</h3>
      <p>{t('portal.myInfo.yours.intro')}</p>
      <div role="status" className="status-region">
        {saved && <p className="message success">{t('portal.myInfo.saved')}</p>}
        {update.isPending && <p>{t('portal.myInfo.saving')}</p>}
      </div>
      <div role="alert" className="alert-region" tabIndex={-1} ref={alert}>
        {refusal !== null && (
          <div className="message error">
            <p>{errorMessage(refusal, t, UPDATE_ERRORS)}</p>
            {conflict && (
              <button type="button" className="secondary" onClick={onReload}>
                {t('portal.myInfo.reload')}
              </button>
            )}
          </div>
        )}
      </div>
      <form className="portal-info-form" noValidate onSubmit={(event) => void submit(event)}>
        <TextField id={field('preferredName')} label={t('portal.info.preferredName')} autoComplete="nickname" value={form.preferredName} problem={problemAt('preferredName')} onChange={(preferredName) => change({ preferredName })} />
        <TextField id={field('gender')} label={t('portal.info.gender')} help={t('portal.myInfo.gender.help')} value={form.gender} problem={problemAt('gender')} onChange={(gender) => change({ gender })} />
        <fieldset className="portal-address" aria-describedby={describedBy(problemAt('address') && `${field('address')}-error`)}>
          <legend>{t('portal.info.address')}</legend>
          <SelectField
            id={field('address.country')}
            label={t('portal.myInfo.country')}
            value={form.country}
            choices={Object.keys(COUNTRY_KEYS).map((code) => ({ value: code, label: nameOf(COUNTRY_KEYS, code, t) }))}
            problem={problemAt('address.country')}
            onChange={(country) =>
              change({ country, province: regionsOf(country, lang, t).some((region) => region.code === form.province) ? form.province : '' })
            }
          />
          <TextField id={field('address.line1')} label={t('portal.myInfo.line1')} autoComplete="address-line1" value={form.line1} problem={problemAt('address.line1')} onChange={(line1) => change({ line1 })} />
          <TextField id={field('address.line2')} label={t('portal.myInfo.line2')} autoComplete="address-line2" value={form.line2} problem={problemAt('address.line2')} onChange={(line2) => change({ line2 })} />
          <TextField id={field('address.city')} label={t('portal.myInfo.city')} autoComplete="address-level2" value={form.city} problem={problemAt('address.city')} onChange={(city) => change({ city })} />
          <SelectField
            id={field('address.province')}
            label={form.country === 'US' ? t('portal.myInfo.state') : t('portal.myInfo.province')}
            value={form.province}
            placeholder={t('portal.myInfo.choose')}
            choices={regions.map((region) => ({ value: region.code, label: region.name }))}
            problem={problemAt('address.province')}
            onChange={(province) => change({ province })}
          />
          <TextField
            id={field('address.postalCode')}
            label={form.country === 'US' ? t('portal.myInfo.zipCode') : t('portal.myInfo.postalCode')}
            autoComplete="postal-code"
            value={form.postalCode}
            problem={problemAt('address.postalCode')}
            onChange={(postalCode) => change({ postalCode })}
          />
          <FieldError id={`${field('address')}-error`} message={problemAt('address')} />
        </fieldset>
        <SelectField
          id={field('preferredContactMethod')}
          label={t('portal.info.preferredContactMethod')}
          value={form.preferredContactMethod}
          choices={Object.keys(CONTACT_METHOD_KEYS).map((code) => ({ value: code, label: nameOf(CONTACT_METHOD_KEYS, code, t) }))}
          problem={problemAt('preferredContactMethod')}
          onChange={(preferredContactMethod) => change({ preferredContactMethod })}
        />
        <SelectField
          id={field('preferredLanguage')}
          label={t('portal.info.preferredLanguage')}
          help={t('portal.myInfo.language.help')}
          value={form.preferredLanguage}
          choices={Object.keys(PATIENT_LANGUAGE_KEYS).map((code) => ({ value: code, label: nameOf(PATIENT_LANGUAGE_KEYS, code, t) }))}
          problem={problemAt('preferredLanguage')}
          onChange={(preferredLanguage) => change({ preferredLanguage })}
        />
        <button type="submit" aria-disabled={update.isPending ? true : undefined}>
          {t('portal.myInfo.update')}
        </button>
      </form>
    </section>
  );
}

interface TextFieldProps {
  id: string;
  label: string;
  help?: string;
  autoComplete?: string;
  value: string;
  problem: string | null;
  onChange(value: string): void;
}

function TextField({ id, label, help, autoComplete, value, problem, onChange }: TextFieldProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {help && (
        <p className="help" id={`${id}-help`}>
          {help}
        </p>
      )}
      <input
        id={id}
        type="text"
        autoComplete={autoComplete ?? 'off'}
        maxLength={200}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={problem ? true : undefined}
        aria-describedby={describedBy(help && `${id}-help`, problem && `${id}-error`)}
      />
      <FieldError id={`${id}-error`} message={problem} />
    </div>
  );
}

interface SelectFieldProps {
  id: string;
  label: string;
  help?: string;
  value: string;
  placeholder?: string;
  choices: { value: string; label: string }[];
  problem: string | null;
  onChange(value: string): void;
}

function SelectField({ id, label, help, value, placeholder, choices, problem, onChange }: SelectFieldProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {help && (
        <p className="help" id={`${id}-help`}>
          {help}
        </p>
      )}
      <select
        id={id}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={problem ? true : undefined}
        aria-describedby={describedBy(help && `${id}-help`, problem && `${id}-error`)}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
      <FieldError id={`${id}-error`} message={problem} />
    </div>
  );
}

/** A health card by its province and plan; one of the clinic's own types by its name in the page's language. */
function idTypeName(code: string, idTypes: SignInIdType[] | null, lang: Lang, t: Translate): string {
  const card = HEALTH_CARD_KEYS[code];
  if (card) {
    return t(card);
  }
  const own = idTypes?.find((type) => type.code === code);
  return (own && ((lang === 'fr' ? own.nameFr : own.nameEn) || own.nameEn || own.nameFr)) || code;
}

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="portal-detail">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
