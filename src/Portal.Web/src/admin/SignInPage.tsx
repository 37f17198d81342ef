import { useId, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../shared/api';
import { errorMessage, fieldErrors, retryMessage, type CodeMessages } from '../shared/errors';
import { useDocumentTitle, useI18n } from '../shared/i18n/I18nProvider';
import type { Credentials, StaffProfile } from './api';
import { msgKey } from '../shared/i18n/translate';

const SIGN_IN_ERRORS: CodeMessages = {
  invalid_credentials: msgKey('signIn.error.invalidCredentials'),
  sign_in_locked: msgKey('signIn.error.locked'),
  rate_limited: msgKey('signIn.error.rateLimited'),
  validation_failed: msgKey('signIn.error.validation'),
};

interface Props {
  /** Where this sign-in leads: the clinic's name, or the operator console. */
  place: string;
  intro: string;
  /** Why the person sees this page although they were signed in (another clinic, session ended). */
  note?: string | null;
  signIn(credentials: Credentials): Promise<StaffProfile>;
  onSignedIn(profile: StaffProfile): void;
}

type Field = 'email' | 'password';

/** "Sign in": email and password. */
export function SignInPage({ place, intro, note, signIn, onSignedIn }: Props) {
  const { t, lang } = useI18n();
  const id = useId();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [missing, setMissing] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<unknown>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  useDocumentTitle(t('signIn.pageTitle', { place }));

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const required: Partial<Record<Field, string>> = {};
    if (!email.trim()) {
      required.email = msgKey('signIn.emailRequired');
    }
    if (!password) {
      required.password = msgKey('signIn.passwordRequired');
    }
    setMissing(required);
    setError(null);
    if (required.email || required.password) {
      (required.email ? emailRef : passwordRef).current?.focus();
      return;
    }
    setBusy(true);
    try {
      const profile = await signIn({ email: email.trim(), password });
      onSignedIn(profile);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  const serverFields = fieldErrors(error);
  const fieldMessage = (field: Field): string | null =>
    missing[field] ? t(missing[field]) : (serverFields[field]?.join(' ') ?? null);
  const emailError = fieldMessage('email');
  const passwordError = fieldMessage('password');
  const wait = retryMessage(error, lang, t);
  const describedBy = (field: Field, message: string | null) => (message ? `${id}-${field}-error` : undefined);

  return (
    <>
      <h1>{t('signIn.heading')}</h1>
      <p>{intro}</p>
      {note && <p className="message note">{note}</p>}
      <form className="sign-in-form" noValidate onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${id}-email`}>{t('signIn.email')}</label>
          <input
            ref={emailRef}
            id={`${id}-email`}
            name="email"
            type="email"
            autoComplete="username"
            spellCheck={false}
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            aria-invalid={emailError ? true : undefined}
            aria-describedby={describedBy('email', emailError)}
          />
          {emailError && (
            <p className="field-error" id={`${id}-email-error`}>
              {emailError}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${id}-password`}>{t('signIn.password')}</label>
          <input
            ref={passwordRef}
            id={`${id}-password`}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            aria-invalid={passwordError ? true : undefined}
            aria-describedby={describedBy('password', passwordError)}
          />
          {passwordError && (
            <p className="field-error" id={`${id}-password-error`}>
              {passwordError}
            </p>
          )}
        </div>
        {error !== null && (
          <div role="alert" className="message error">
            <p>{errorMessage(error, t, SIGN_IN_ERRORS)}</p>
            {wait && <p>{wait}</p>}
          </div>
        )}
        <div role="status" className="status-region">
          {busy ? t('signIn.busy') : ''}
        </div>
        <button type="submit" disabled={busy}>
          {t('signIn.submit')}
        </button>
      </form>
    </>
  );
}

export function isUnauthorized(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}
