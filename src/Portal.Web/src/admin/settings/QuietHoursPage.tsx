import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../shared/api';
import { errorMessage, fieldMessages, type CodeMessages } from '../../shared/errors';
import { FieldError, describedBy } from '../../shared/FieldError';
import { formatClockTime, formatTimeZone } from '../../shared/format';
import { useDocumentTitle, useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey } from '../../shared/i18n/translate';
import { QueryState } from '../../shared/QueryState';
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
  const { t } = useI18n();
  useDocumentTitle(t('quietHours.pageTitle', { clinic: clinicName }));
  const hours = useQuery({ queryKey: quietHoursKey(slug), queryFn: ({ signal }) => settingsApi.getSmsQuietHours(slug, signal) });

  return (
    <>
      <p className="breadcrumb">{t('admin.nav.settings')}</p>
      <h1>{t('quietHours.heading')}</h1>
      <QueryState query={hours} errorMessages={LOAD_ERRORS} onSessionEnded={onSessionEnded}>
        {(loaded) => <QuietHoursSettings slug={slug} canManage={canManage} onSessionEnded={onSessionEnded} loaded={loaded} />}
      </QueryState>
    </>
  );
}

const quietHoursKey = (slug: string) => ['clinic', slug, 'settings', 'sms-quiet-hours'];

function QuietHoursSettings({ slug, canManage, onSessionEnded, loaded }: Omit<Props, 'clinicName'> & { loaded: SmsQuietHours }) {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<QuietHoursForm>(() => formFromQuietHours(loaded));
  const [local, setLocal] = useState<Partial<Record<QuietHoursField, string>>>({});
  const [failure, setFailure] = useState<SaveFailure | null>(null);
  const [statusKey, setStatusKey] = useState<string | null>(null);
  const saveHours = useMutation({
    mutationFn: (sent: QuietHoursForm) => settingsApi.saveSmsQuietHours(slug, sent),
    onSuccess: (saved) => {
      queryClient.setQueryData(quietHoursKey(slug), saved);
      setForm(formFromQuietHours(saved));
      setStatusKey(msgKey('quietHours.saved'));
    },
    onError: (error, sent) => {
      if (error instanceof ApiError && error.status === 401) {
        onSessionEnded();
      } else {
        setFailure({ error, sent });
      }
    },
  });
  const saving = saveHours.isPending;

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
    saveHours.mutate(saveCommand(form));
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
