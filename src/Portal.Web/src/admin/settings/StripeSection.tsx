import { useState, type FormEvent } from 'react';
import { ApiError } from '../../shared/api';
import { errorMessage, fieldErrors, type CodeMessages } from '../../shared/errors';
import { useI18n } from '../../shared/i18n/I18nProvider';
import { settingsApi, type StripeStatus } from '../api';
import { FieldError } from '../../shared/FieldError';
import { msgKey } from '../../shared/i18n/translate';

const STRIPE_ERRORS: CodeMessages = {
  validation_failed: msgKey('stripe.error.fields'),
  billing_uses_stripe: msgKey('stripe.error.billingUsesStripe'),
  stripe_keys_not_found: msgKey('stripe.error.notFound'),
  forbidden: msgKey('admin.forbidden'),
};

type Field = 'publishableKey' | 'secretKey' | 'webhookSigningSecret';

interface Props {
  slug: string;
  stripe: StripeStatus;
  canManage: boolean;
  onChange(stripe: StripeStatus): void;
  onSessionEnded(): void;
}

/** The clinic's Stripe keys, which Portal Billing needs. Secrets are write-only: never shown, never pre-filled. */
export function StripeSection({ slug, stripe, canManage, onChange, onSessionEnded }: Props) {
  const { t } = useI18n();
  const [values, setValues] = useState<Record<Field, string>>({ publishableKey: '', secretKey: '', webhookSigningSecret: '' });
  const [busy, setBusy] = useState<'saving' | 'removing' | null>(null);
  const [missing, setMissing] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<{ action: 'save' | 'remove'; error: unknown } | null>(null);
  const [statusKey, setStatusKey] = useState<string | null>(null);

  const failed = (action: 'save' | 'remove', caught: unknown) => {
    if (caught instanceof ApiError && caught.status === 401) {
      onSessionEnded();
      return;
    }
    setError({ action, error: caught });
  };

  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const required: Partial<Record<Field, string>> = {};
    if (!values.publishableKey.trim()) {
      required.publishableKey = msgKey('stripe.required.publishableKey');
    }
    if (!values.secretKey.trim()) {
      required.secretKey = msgKey('stripe.required.secretKey');
    }
    setMissing(required);
    setError(null);
    setStatusKey(null);
    if (Object.keys(required).length > 0) {
      document.getElementById(required.publishableKey ? 'stripe-publishableKey' : 'stripe-secretKey')?.focus();
      return;
    }
    setBusy('saving');
    try {
      const webhook = values.webhookSigningSecret.trim();
      const status = await settingsApi.saveStripe(slug, {
        publishableKey: values.publishableKey.trim(),
        secretKey: values.secretKey.trim(),
        webhookSigningSecret: webhook ? webhook : null,
      });
      setValues({ publishableKey: '', secretKey: '', webhookSigningSecret: '' });
      onChange(status);
      setStatusKey(msgKey('stripe.saved'));
    } catch (caught) {
      failed('save', caught);
    } finally {
      setBusy(null);
    }
  };

  const remove = async () => {
    setMissing({});
    setError(null);
    setStatusKey(null);
    setBusy('removing');
    try {
      await settingsApi.removeStripe(slug);
      onChange({ configured: false, publishableKey: null, secretKeyLast4: null, webhookSecretConfigured: false });
      setStatusKey(msgKey('stripe.removed'));
    } catch (caught) {
      failed('remove', caught);
    } finally {
      setBusy(null);
    }
  };

  const serverFields = error?.action === 'save' ? fieldErrors(error.error) : {};
  const fieldMessage = (field: Field): string | null =>
    missing[field] ? t(missing[field]) : serverFields[field]?.length ? serverFields[field].join(' ') : null;

  const input = (field: Field, label: string, type: 'text' | 'password') => {
    const message = fieldMessage(field);
    const id = `stripe-${field}`;
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          name={field}
          type={type}
          autoComplete="off"
          spellCheck={false}
          value={values[field]}
          onChange={(event) => setValues((current) => ({ ...current, [field]: event.target.value }))}
          aria-invalid={message ? true : undefined}
          aria-describedby={message ? `${id}-error` : undefined}
        />
        <FieldError id={`${id}-error`} message={message} />
      </div>
    );
  };

  return (
    <section className="stripe-section" aria-labelledby="stripe-heading">
      <h2 id="stripe-heading">{t('stripe.heading')}</h2>
      <p>{t('stripe.intro')}</p>
      <p className="stripe-status">
        <strong>
          {stripe.configured
            ? t('stripe.status.configured', { publishableKey: stripe.publishableKey ?? '', last4: stripe.secretKeyLast4 ?? '' })
            : t('stripe.status.notConfigured')}
        </strong>
      </p>
      {stripe.configured && stripe.webhookSecretConfigured && <p>{t('stripe.status.webhook')}</p>}
      {canManage ? (
        <form className="stripe-form" noValidate onSubmit={save} aria-describedby="stripe-help">
          <p className="help" id="stripe-help">
            {t('stripe.help')}
          </p>
          {input('publishableKey', t('stripe.publishableKey'), 'text')}
          {input('secretKey', t('stripe.secretKey'), 'password')}
          {input('webhookSigningSecret', t('stripe.webhookSecret'), 'password')}
          <div className="form-actions">
            <button type="submit" disabled={busy !== null}>
              {t('stripe.save')}
            </button>
            {stripe.configured && (
              <button type="button" className="danger" onClick={() => void remove()} disabled={busy !== null}>
                {t('stripe.remove')}
              </button>
            )}
          </div>
          <div role="status" className="status-region">
            {busy === 'saving' ? (
              <p>{t('stripe.saving')}</p>
            ) : busy === 'removing' ? (
              <p>{t('stripe.removing')}</p>
            ) : statusKey ? (
              <p className="message success">{t(statusKey)}</p>
            ) : null}
          </div>
          {error && (
            <div role="alert" className="message error">
              <p>
                {error.action === 'save' && <strong>{t('stripe.error.notSaved')} </strong>}
                {errorMessage(error.error, t, STRIPE_ERRORS)}
              </p>
            </div>
          )}
        </form>
      ) : (
        <p className="message note">{t('stripe.readOnly')}</p>
      )}
    </section>
  );
}
