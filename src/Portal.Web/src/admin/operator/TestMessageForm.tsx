import { useState, type FormEvent } from 'react';
import { ApiError } from '../../shared/api';
import { errorMessage, fieldErrors, type CodeMessages } from '../../shared/errors';
import { useI18n } from '../../shared/i18n/I18nProvider';
import { LANGUAGES, type Lang } from '../../shared/i18n/language';
import { msgKey } from '../../shared/i18n/translate';
import { operatorApi, type NotificationChannel } from '../api';
import { FieldError } from '../../shared/FieldError';
import { CHANNEL_KEYS, NOTIFICATION_CHANNELS, codeName } from './labels';

const SEND_ERRORS: CodeMessages = {
  validation_failed: msgKey('operator.test.error.fields'),
  forbidden: msgKey('admin.forbidden'),
};

const LANGUAGE_KEYS: Record<Lang, string> = {
  en: msgKey('operator.test.language.en'),
  fr: msgKey('operator.test.language.fr'),
};

/** What the "To" field asks for, by channel. */
const TO_TEXT: Record<NotificationChannel, { label: string; hint: string; required: string }> = {
  email: {
    label: msgKey('operator.test.to.email'),
    hint: msgKey('operator.test.to.emailHint'),
    required: msgKey('operator.test.to.emailRequired'),
  },
  sms: {
    label: msgKey('operator.test.to.sms'),
    hint: msgKey('operator.test.to.smsHint'),
    required: msgKey('operator.test.to.smsRequired'),
  },
};

type Field = 'channel' | 'to' | 'language';

/** "Send a test message": an email or SMS to any address, to check that delivery works. */
export function TestMessageForm({ onSent, onSessionEnded }: { onSent(): void; onSessionEnded(): void }) {
  const { t, lang } = useI18n();
  const [channel, setChannel] = useState<NotificationChannel>('email');
  // One address per channel, so that switching back and forth keeps what was typed.
  const [to, setTo] = useState<Record<NotificationChannel, string>>({ email: '', sms: '' });
  const [language, setLanguage] = useState<Lang>(lang);
  const [sending, setSending] = useState(false);
  const [queued, setQueued] = useState(false);
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const send = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (sending) {
      return;
    }
    setQueued(false);
    setError(null);
    const address = to[channel].trim();
    if (!address) {
      setMissing(true);
      document.getElementById('test-to')?.focus();
      return;
    }
    setMissing(false);
    setSending(true);
    try {
      await operatorApi.sendTestNotification({ channel, to: address, language });
      setQueued(true);
      onSent();
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 401) {
        onSessionEnded();
        return;
      }
      setError(caught);
      const fields = fieldErrors(caught);
      const first = (['channel', 'to', 'language'] as const).find((field) => fields[field]?.length);
      if (first) {
        document.getElementById(first === 'channel' ? `test-channel-${channel}` : `test-${first}`)?.focus();
      }
    } finally {
      setSending(false);
    }
  };

  const serverFields = fieldErrors(error);
  const fieldMessage = (field: Field): string | null => {
    if (field === 'to' && missing) {
      return t(TO_TEXT[channel].required);
    }
    return serverFields[field]?.length ? serverFields[field].join(' ') : null;
  };
  const channelError = fieldMessage('channel');
  const toError = fieldMessage('to');
  const languageError = fieldMessage('language');

  const changed = () => {
    setQueued(false);
  };

  return (
    <section className="operator-card">
      <h2 id="test-heading">{t('operator.test.heading')}</h2>
      <p>{t('operator.test.intro')}</p>
      <form noValidate onSubmit={send}>
        <fieldset aria-describedby={channelError ? 'test-channel-error' : undefined}>
          <legend>{t('operator.test.channel')}</legend>
          <div className="check-row">
            {NOTIFICATION_CHANNELS.map((code) => (
              <div className="check" key={code}>
                <input
                  type="radio"
                  id={`test-channel-${code}`}
                  name="channel"
                  value={code}
                  checked={channel === code}
                  onChange={() => {
                    setChannel(code);
                    setMissing(false);
                    setError(null);
                    changed();
                  }}
                />
                <label htmlFor={`test-channel-${code}`}>{codeName(CHANNEL_KEYS, code, t)}</label>
              </div>
            ))}
          </div>
          <FieldError id="test-channel-error" message={channelError} />
        </fieldset>
        <div className="field">
          <label htmlFor="test-to">{t(TO_TEXT[channel].label)}</label>
          <p className="help" id="test-to-help">
            {t(TO_TEXT[channel].hint)}
          </p>
          <input
            id="test-to"
            name="to"
            type={channel === 'email' ? 'email' : 'tel'}
            autoComplete={channel === 'email' ? 'email' : 'tel'}
            spellCheck={false}
            value={to[channel]}
            onChange={(event) => {
              const value = event.target.value;
              setTo((current) => ({ ...current, [channel]: value }));
              changed();
            }}
            aria-invalid={toError ? true : undefined}
            aria-describedby={toError ? 'test-to-help test-to-error' : 'test-to-help'}
          />
          <FieldError id="test-to-error" message={toError} />
        </div>
        <div className="field">
          <label htmlFor="test-language">{t('operator.test.language')}</label>
          <select
            id="test-language"
            name="language"
            value={language}
            onChange={(event) => {
              setLanguage(event.target.value as Lang);
              changed();
            }}
            aria-invalid={languageError ? true : undefined}
            aria-describedby={languageError ? 'test-language-error' : undefined}
          >
            {LANGUAGES.map((code) => (
              <option key={code} value={code}>
                {t(LANGUAGE_KEYS[code])}
              </option>
            ))}
          </select>
          <FieldError id="test-language-error" message={languageError} />
        </div>
        <div className="form-actions">
          <button type="submit" aria-disabled={sending || undefined}>
            {t('operator.test.submit')}
          </button>
        </div>
        <div role="status" className="status-region">
          {sending ? <p>{t('operator.test.sending')}</p> : queued ? <p className="message success">{t('operator.test.queued')}</p> : null}
        </div>
        {error !== null && (
          <div role="alert" className="message error">
            <p>
              <strong>{t('operator.test.error.notSent')}</strong> {errorMessage(error, t, SEND_ERRORS)}
            </p>
          </div>
        )}
      </form>
    </section>
  );
}
