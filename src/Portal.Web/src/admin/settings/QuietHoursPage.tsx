import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ApiError } from '../../shared/api';
import { errorMessage, fieldMessages, type CodeMessages } from '../../shared/errors';
import { FieldError, describedBy } from '../../shared/FieldError';
import { formatClockTime, formatTimeZone } from '../../shared/format';
import { useDocumentTitle, useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey } from '../../shared/i18n/translate';
import { Loading } from '../../shared/Status';
import { settingsApi, type SmsQuietHours } from '../api';
import {
  checkQuietHours,
  formFromQuietHours,
  saveCommand,
  serverCodeKeys,
  type QuietHoursField,
  type QuietHoursForm,
} from './quietHoursForm';

const SAVE_ERRORS: CodeMessages = {
  validation_failed: msgKey('quietHours.error.fields'),
  forbidden: msgKey('quietHours.readOnly'),
};

const LOAD_ERRORS: CodeMessages = { forbidden: msgKey('admin.forbidden') };

const HELP_ID = 'quiet-hours-help';

/** A refused save, with what was sent: the server's field codes are read against it. */
interface SaveFailure {
  error: unknown;
  sent: QuietHoursForm;
}

interface Props {
  slug: string;
  clinicName: string;
  /** Owners and administrators change the quiet hours; everyone else only sees them. */
  canManage: boolean;
  onSessionEnded(): void;
}

/** Settings > SMS quiet hours: the hours, in the clinic's time zone, during which routine text messages wait. */
export function QuietHoursPage({ slug, clinicName, canManage, onSessionEnded }: Props) {
  const { t, lang } = useI18n();
  useDocumentTitle(t('quietHours.pageTitle', { clinic: clinicName }));
  const [loaded, setLoaded] = useState<SmsQuietHours | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [form, setForm] = useState<QuietHoursForm>({ startsAt: '', endsAt: '' });
  const [local, setLocal] = useState<Partial<Record<QuietHoursField, string>>>({});
  const [failure, setFailure] = useState<SaveFailure | null>(null);
  const [saving, setSaving] = useState(false);
  const [statusKey, setStatusKey] = useState<string | null>(null);

  const load = useCallback(
    (signal?: AbortSignal) => {
      setLoadError(null);
      settingsApi.getSmsQuietHours(slug, signal).then(
        (hours) => {
          setLoaded(hours);
          setForm(formFromQuietHours(hours));
        },
        (error: unknown) => {
          if (signal?.aborted) {
            return;
          }
          if (error instanceof ApiError && error.status === 401) {
            onSessionEnded();
          } else {
            setLoadError(error);
          }
        },
      );
    },
    [slug, onSessionEnded],
  );

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal);
    return () => controller.abort();
  }, [load]);

  if (!loaded) {
    return (
      <>
        <p className="breadcrumb">{t('admin.nav.settings')}</p>
        <h1>{t('quietHours.heading')}</h1>
        {loadError !== null ? (
          <>
            <div role="alert" className="message error">
              <p>{errorMessage(loadError, t, LOAD_ERRORS)}</p>
            </div>
            <button type="button" onClick={() => load()}>
              {t('common.tryAgain')}
            </button>
          </>
        ) : (
          <Loading />
        )}
      </>
    );
  }

  const change = (field: QuietHoursField, value: string) => {
    setForm((current) => ({ ...current, [field]: value }));
    setStatusKey(null);
  };

  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!canManage || saving) {
      return;
    }
    const problems = checkQuietHours(form);
    setLocal(problems);
    setFailure(null);
    setStatusKey(null);
    const first = (['startsAt', 'endsAt'] as const).find((field) => problems[field]);
    if (first) {
      document.getElementById(`quiet-hours-${first}`)?.focus();
      return;
    }
    const sent = saveCommand(form);
    setSaving(true);
    try {
      const saved = await settingsApi.saveSmsQuietHours(slug, sent);
      setLoaded(saved);
      setForm(formFromQuietHours(saved));
      setStatusKey(msgKey('quietHours.saved'));
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        onSessionEnded();
        return;
      }
      setFailure({ error, sent });
    } finally {
      setSaving(false);
    }
  };

  const problemAt = (field: QuietHoursField): string | null => {
    const key = local[field];
    const server = failure ? fieldMessages(failure.error, t, serverCodeKeys(field, failure.sent))[field] ?? [] : [];
    const messages = [...(key ? [t(key)] : []), ...server];
    return messages.length > 0 ? [...new Set(messages)].join(' ') : null;
  };

  const timeField = (field: QuietHoursField, label: string) => {
    const id = `quiet-hours-${field}`;
    const problem = problemAt(field);
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          name={field}
          type="time"
          required
          value={form[field]}
          disabled={!canManage}
          onChange={(event) => change(field, event.target.value)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={describedBy(HELP_ID, problem && `${id}-error`)}
        />
        <FieldError id={`${id}-error`} message={problem} />
      </div>
    );
  };

  const inUse = { start: formatClockTime(loaded.startsAt, lang), end: formatClockTime(loaded.endsAt, lang) };

  return (
    <>
      <p className="breadcrumb">{t('admin.nav.settings')}</p>
      <h1>{t('quietHours.heading')}</h1>
      <p>{t('quietHours.intro')}</p>
      <p>{t('quietHours.passcodes')}</p>
      <p>{t('quietHours.timeZone', { zone: formatTimeZone(loaded.timeZone, lang) })}</p>
      <p>{loaded.isDefault ? t('quietHours.default', inUse) : t('quietHours.custom', inUse)}</p>
      {!canManage && <p className="message note">{t('quietHours.readOnly')}</p>}

      <form className="settings-form" noValidate onSubmit={save}>
        <p className="help" id={HELP_ID}>
          {t('quietHours.help')}
        </p>
        {timeField('startsAt', t('quietHours.start'))}
        {timeField('endsAt', t('quietHours.end'))}
        {canManage && (
          <div className="form-actions">
            <button type="submit" aria-disabled={saving ? true : undefined}>
              {t('quietHours.save')}
            </button>
          </div>
        )}
        <div role="status" className="status-region">
          {saving ? <p>{t('quietHours.saving')}</p> : statusKey ? <p className="message success">{t(statusKey)}</p> : null}
        </div>
        {failure !== null && (
          <div role="alert" className="message error">
            <p>
              <strong>{t('quietHours.error.notSaved')}</strong> {errorMessage(failure.error, t, SAVE_ERRORS)}
            </p>
          </div>
        )}
      </form>
    </>
  );
}
