import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../shared/api';
import { errorMessage, fieldErrors, type CodeMessages } from '../../shared/errors';
import { formatDateTime, formatDuration } from '../../shared/format';
import { useClinicZone } from '../../shared/clinicZone';
import { useDocumentTitle, useI18n } from '../../shared/i18n/I18nProvider';
import { QueryState } from '../../shared/QueryState';
import { settingsApi, type BackgroundImage, type PortalSettings, type StripeStatus } from '../api';
import { FieldError } from '../../shared/FieldError';
import { BackgroundImageField } from './BackgroundImageField';
import {
  NOTIFICATION_SIGN_IN_KEYS,
  STATUS_KEYS,
  codeAsText,
  formFromSettings,
  saveCommand,
  type PortalSettingsForm,
  type ToggleName,
} from './settingsForm';
import { StripeSection } from './StripeSection';
import { msgKey } from '../../shared/i18n/translate';

const SAVE_ERRORS: CodeMessages = {
  validation_failed: msgKey('settings.error.fields'),
  portal_enable_requires_owner: msgKey('settings.portalEnabled.ownerOnly'),
  settings_changed: msgKey('settings.error.changed'),
  stripe_keys_required: msgKey('settings.error.stripeRequired'),
  unknown_background_image: msgKey('settings.background.unknown'),
  forbidden: msgKey('admin.forbidden'),
};

const LOAD_ERRORS: CodeMessages = { forbidden: msgKey('admin.forbidden') };

/** Problem codes that belong next to one setting, with the setting's name. */
const CODE_FIELDS: Readonly<Record<string, keyof PortalSettingsForm | 'backgroundImageId'>> = {
  portal_enable_requires_owner: 'portalEnabled',
  stripe_keys_required: 'billingEnabled',
  unknown_background_image: 'backgroundImageId',
};

interface Props {
  slug: string;
  clinicName: string;
  onSessionEnded(): void;
}

const settingsKey = (slug: string) => ['clinic', slug, 'settings', 'portal'];

/** Settings > Patient Portal. */
export function PortalSettingsPage({ slug, clinicName, onSessionEnded }: Props) {
  const { t } = useI18n();
  useDocumentTitle(t('settings.pageTitle', { clinic: clinicName }));
  const settings = useQuery({ queryKey: settingsKey(slug), queryFn: ({ signal }) => settingsApi.getPortal(slug, signal) });

  return (
    <>
      {settings.data === undefined && <h1>{t('settings.heading')}</h1>}
      <QueryState query={settings} errorMessages={LOAD_ERRORS} onSessionEnded={onSessionEnded}>
        {(initial) => <PortalSettingsEditor slug={slug} initial={initial} reload={() => settings.refetch()} onSessionEnded={onSessionEnded} />}
      </QueryState>
    </>
  );
}

interface EditorProps {
  slug: string;
  initial: PortalSettings;
  reload(): Promise<{ data?: PortalSettings; error: unknown }>;
  onSessionEnded(): void;
}

function PortalSettingsEditor({ slug, initial, reload: refetch, onSessionEnded }: EditorProps) {
  const { t, lang } = useI18n();
  const zone = useClinicZone();
  const queryClient = useQueryClient();
  const [loaded, setLoaded] = useState<PortalSettings>(initial);
  const [form, setForm] = useState<PortalSettingsForm>(() => formFromSettings(initial));
  const [saving, setSaving] = useState(false);
  const [uploading, setUploading] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [statusKey, setStatusKey] = useState<string | null>(null);

  const { permissions, choices } = loaded;
  const editable = permissions.canEdit;

  const change = (patch: Partial<PortalSettingsForm>) => {
    setForm((current) => (current ? { ...current, ...patch } : current));
    setStatusKey(null);
  };

  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!editable || saving || uploading) {
      return;
    }
    setSaving(true);
    setSaveError(null);
    setStatusKey(null);
    try {
      const saved = await settingsApi.savePortal(slug, saveCommand(form, loaded.version));
      queryClient.setQueryData(settingsKey(slug), saved);
      setLoaded(saved);
      setForm(formFromSettings(saved));
      setStatusKey(msgKey('settings.saved'));
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        onSessionEnded();
        return;
      }
      setSaveError(error);
    } finally {
      setSaving(false);
    }
  };

  const reload = async () => {
    setStatusKey(null);
    const { data, error } = await refetch();
    if (error instanceof ApiError && error.status === 401) {
      onSessionEnded();
    } else if (error || !data) {
      setSaveError(error);
    } else {
      setLoaded(data);
      setForm(formFromSettings(data));
      setSaveError(null);
      setStatusKey(msgKey('settings.reloaded'));
    }
  };

  // Field messages: the server's per-field errors, and the problems that belong to one setting.
  const fields = fieldErrors(saveError);
  if (saveError instanceof ApiError && saveError.code && CODE_FIELDS[saveError.code]) {
    const field = CODE_FIELDS[saveError.code]!;
    fields[field] = [errorMessage(saveError, t, SAVE_ERRORS)];
  }
  const fieldError = (name: string): string | null => (fields[name]?.length ? fields[name].join(' ') : null);
  const conflict = saveError instanceof ApiError && saveError.code === 'settings_changed';

  // Turning the portal on needs the owner, and billing needs Stripe keys; turning either off is always allowed.
  const portalLocked = !permissions.canEnablePortal && !loaded.portalEnabled;
  const billingLocked = !loaded.stripe.configured && !loaded.billingEnabled;

  const toggle = (name: ToggleName, extraDisabled = false) => ({
    name,
    checked: form[name],
    disabled: !editable || extraDisabled,
    error: fieldError(name),
    onChange: (checked: boolean) => change({ [name]: checked } as Partial<PortalSettingsForm>),
  });

  const timeoutChoices = choices.passcodeTimeoutMinutes.includes(form.passcodeTimeoutMinutes)
    ? choices.passcodeTimeoutMinutes
    : [...choices.passcodeTimeoutMinutes, form.passcodeTimeoutMinutes].sort((a, b) => a - b);
  const statusChoices = [
    ...choices.appointmentStatuses,
    ...form.hiddenAppointmentStatuses.filter((code) => !choices.appointmentStatuses.includes(code)),
  ];
  const notificationChoices = choices.notificationSignIn.includes(form.notificationSignIn)
    ? choices.notificationSignIn
    : [...choices.notificationSignIn, form.notificationSignIn];

  const setHidden = (code: string, hidden: boolean) => {
    const set = new Set(form.hiddenAppointmentStatuses);
    if (hidden) {
      set.add(code);
    } else {
      set.delete(code);
    }
    change({ hiddenAppointmentStatuses: statusChoices.filter((choice) => set.has(choice)) });
  };

  const timeoutError = fieldError('passcodeTimeoutMinutes');
  const hiddenError = fieldError('hiddenAppointmentStatuses');
  const notificationError = fieldError('notificationSignIn');

  return (
    <>
      <p className="breadcrumb">{t('admin.nav.settings')}</p>
      <h1>{t('settings.heading')}</h1>
      {editable ? <p>{t('settings.intro')}</p> : <p className="message note">{t('settings.readOnly')}</p>}
      <p className="help">{t('settings.lastSaved', { date: formatDateTime(loaded.updatedAt, lang, zone) })}</p>

      <form className="settings-form" noValidate onSubmit={save}>
        <ToggleSetting
          {...toggle('portalEnabled', portalLocked)}
          label={t('settings.portalEnabled.label')}
          descriptions={[
            { text: t('settings.portalEnabled.help') },
            ...(portalLocked && editable ? [{ text: t('settings.portalEnabled.ownerOnly'), note: true }] : []),
          ]}
        />
        <ToggleSetting
          {...toggle('newPatientsGetAccess')}
          label={t('settings.newPatients.label')}
          descriptions={[{ text: t('settings.newPatients.help') }, { text: t('settings.newPatients.existing') }]}
        />
        <ToggleSetting
          {...toggle('selfRegistrationEnabled')}
          label={t('settings.registration.label')}
          descriptions={[{ text: t('settings.registration.help') }]}
        />
        <fieldset className="setting">
          <legend className="setting-label">{t('settings.registrationConsent.label')}</legend>
          <p className="help" id="setting-registrationConsent-help">
            {t('settings.registrationConsent.help')}
          </p>
          {(['En', 'Fr'] as const).map((language) => {
            const name = `registrationConsent${language}` as const;
            const id = `setting-${name}`;
            const problem = fieldError(name);
            return (
              <div className="field" key={language}>
                <label htmlFor={id}>{language === 'En' ? t('settings.registrationConsent.en') : t('settings.registrationConsent.fr')}</label>
                <textarea
                  id={id}
                  lang={language === 'En' ? 'en' : 'fr'}
                  rows={4}
                  maxLength={4000}
                  disabled={!editable}
                  value={form[name] ?? ''}
                  onChange={(event) => change({ [name]: event.target.value })}
                  aria-invalid={problem ? true : undefined}
                  aria-describedby={problem ? `setting-registrationConsent-help ${id}-error` : 'setting-registrationConsent-help'}
                />
                <FieldError id={`${id}-error`} message={problem} />
              </div>
            );
          })}
        </fieldset>
        <ToggleSetting
          {...toggle('patientRepliesEnabled')}
          label={t('settings.replies.label')}
          descriptions={[
            { text: t('settings.replies.help') },
            { text: t('settings.replies.tip'), prefix: t('settings.tip') },
          ]}
        />
        <ToggleSetting
          {...toggle('billingEnabled', billingLocked)}
          label={t('settings.billing.label')}
          descriptions={[
            { text: t('settings.billing.help') },
            { text: t('settings.billing.stripeNote'), note: billingLocked && editable },
          ]}
        />
        <ToggleSetting
          {...toggle('extraSearchableIdsEnabled')}
          label={t('settings.extraIds.label')}
          descriptions={[{ text: t('settings.extraIds.help') }]}
        />

        <BackgroundImageField
          slug={slug}
          image={form.backgroundImage}
          version={loaded.version}
          editable={editable}
          error={fieldError('backgroundImageId') ?? fieldError('backgroundImage')}
          onChange={(image: BackgroundImage | null) => change({ backgroundImage: image })}
          onUploadingChange={setUploading}
          onSessionEnded={onSessionEnded}
        />

        <div className="setting">
          <label className="setting-label" htmlFor="setting-passcodeTimeoutMinutes">
            {t('settings.timeout.label')}
          </label>
          <p className="help" id="setting-passcodeTimeoutMinutes-help">
            {t('settings.timeout.help')}
          </p>
          <select
            id="setting-passcodeTimeoutMinutes"
            name="passcodeTimeoutMinutes"
            value={String(form.passcodeTimeoutMinutes)}
            disabled={!editable}
            onChange={(event) => change({ passcodeTimeoutMinutes: Number(event.target.value) })}
            aria-invalid={timeoutError ? true : undefined}
            aria-describedby={describedBy('setting-passcodeTimeoutMinutes-help', timeoutError && 'setting-passcodeTimeoutMinutes-error')}
          >
            {timeoutChoices.map((minutes) => (
              <option key={minutes} value={String(minutes)}>
                {formatDuration(minutes, lang, t)}
              </option>
            ))}
          </select>
          <FieldError id="setting-passcodeTimeoutMinutes-error" message={timeoutError} />
        </div>

        <fieldset className="setting" aria-describedby={describedBy('setting-hidden-help', hiddenError && 'setting-hidden-error')}>
          <legend className="setting-label">{t('settings.hidden.label')}</legend>
          <p className="help" id="setting-hidden-help">
            {t('settings.hidden.help')}
          </p>
          <div className="check-grid">
            {statusChoices.map((code) => (
              <div className="check" key={code}>
                <input
                  type="checkbox"
                  id={`setting-hidden-${code}`}
                  name="hiddenAppointmentStatuses"
                  value={code}
                  checked={form.hiddenAppointmentStatuses.includes(code)}
                  disabled={!editable}
                  onChange={(event) => setHidden(code, event.target.checked)}
                />
                <label htmlFor={`setting-hidden-${code}`}>{STATUS_KEYS[code] ? t(STATUS_KEYS[code]) : codeAsText(code)}</label>
              </div>
            ))}
          </div>
          <FieldError id="setting-hidden-error" message={hiddenError} />
        </fieldset>

        <fieldset
          className="setting"
          aria-describedby={describedBy('setting-notification-help', notificationError && 'setting-notification-error')}
        >
          <legend className="setting-label">{t('settings.notification.label')}</legend>
          <p className="help" id="setting-notification-help">
            {t('settings.notification.help')}
          </p>
          {notificationChoices.map((code) => (
            <div className="check" key={code}>
              <input
                type="radio"
                id={`setting-notification-${code}`}
                name="notificationSignIn"
                value={code}
                checked={form.notificationSignIn === code}
                disabled={!editable}
                onChange={() => change({ notificationSignIn: code })}
              />
              <label htmlFor={`setting-notification-${code}`}>
                {NOTIFICATION_SIGN_IN_KEYS[code] ? t(NOTIFICATION_SIGN_IN_KEYS[code]) : codeAsText(code)}
              </label>
            </div>
          ))}
          <FieldError id="setting-notification-error" message={notificationError} />
        </fieldset>

        {editable && (
          <div className="form-actions">
            <button type="submit" disabled={saving || uploading}>
              {t('settings.save')}
            </button>
          </div>
        )}
        <div role="status" className="status-region">
          {saving ? (
            <p>{t('settings.saving')}</p>
          ) : statusKey ? (
            <p className="message success">{t(statusKey)}</p>
          ) : null}
        </div>
        {saveError !== null && (
          <div role="alert" className="message error">
            <p>
              <strong>{t('settings.error.notSaved')}</strong> {errorMessage(saveError, t, SAVE_ERRORS)}
            </p>
            {conflict && (
              <button type="button" className="secondary" onClick={() => void reload()}>
                {t('settings.reload')}
              </button>
            )}
          </div>
        )}
      </form>

      <StripeSection
        slug={slug}
        stripe={loaded.stripe}
        canManage={permissions.canManageStripe}
        onChange={(stripe: StripeStatus) => setLoaded((current) => ({ ...current, stripe }))}
        onSessionEnded={onSessionEnded}
      />
    </>
  );
}

function describedBy(...ids: (string | null | false | undefined)[]): string | undefined {
  const list = ids.filter(Boolean);
  return list.length ? list.join(' ') : undefined;
}

interface Description {
  text: string;
  /** "Tip:" */
  prefix?: string;
  /** Shown as a note that explains why the setting cannot be changed. */
  note?: boolean;
}

interface ToggleProps {
  name: ToggleName;
  label: string;
  descriptions: Description[];
  checked: boolean;
  disabled: boolean;
  error: string | null;
  onChange(checked: boolean): void;
}

/** One on/off setting: a checkbox with its label, help texts and error. */
function ToggleSetting({ name, label, descriptions, checked, disabled, error, onChange }: ToggleProps) {
  const id = `setting-${name}`;
  const descriptionIds = descriptions.map((_, index) => `${id}-help-${index}`);
  return (
    <div className="setting">
      <div className="check setting-toggle">
        <input
          type="checkbox"
          id={id}
          name={name}
          checked={checked}
          disabled={disabled}
          onChange={(event) => onChange(event.target.checked)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(...descriptionIds, error && `${id}-error`)}
        />
        <label htmlFor={id} className="setting-label">
          {label}
        </label>
      </div>
      {descriptions.map((description, index) => (
        <p
          key={index}
          id={descriptionIds[index]}
          className={description.note ? 'help setting-note' : 'help'}
        >
          {description.prefix && <strong>{description.prefix} </strong>}
          {description.text}
        </p>
      ))}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}
