import { useRef, useState, type FormEvent } from 'react';
import { ApiError, api } from '../../shared/api';
import { errorMessage, fieldErrors, retryMessage, type CodeMessages } from '../../shared/errors';
import { useDocumentTitle, useI18n } from '../../shared/i18n/I18nProvider';
import { staffApi, type StaffProfile } from '../api';
import { AdminFrame } from '../AdminShell';
import { FieldError } from '../../shared/FieldError';
import { msgKey } from '../../shared/i18n/translate';

export const MIN_PASSWORD_LENGTH = 12;

const SETUP_ERRORS: CodeMessages = {
  setup_link_invalid: msgKey('setup.linkInvalid'),
  weak_password: msgKey('setup.weak'),
};

/** The setup token from the link's fragment: /admin/setup#token=... */
export function setupTokenFromHash(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token ? token : null;
}

/** Where a new account goes once its password is set. */
export function homeOf(profile: StaffProfile): string {
  return profile.clinic ? `/${encodeURIComponent(profile.clinic.slug)}/admin/` : '/admin/';
}

type Field = 'password' | 'confirm';

interface Props {
  token: string | null;
  /** Opens the signed-in app (a full page load). */
  go?: (path: string) => void;
}

/** "Choose your password": the one-time link sent to a new account. */
export function SetupPage({ token, go = (path) => window.location.assign(path) }: Props) {
  const { t, lang } = useI18n();
  useDocumentTitle(t('setup.pageTitle'));
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [local, setLocal] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);

  const linkInvalid = !token || (error instanceof ApiError && error.code === 'setup_link_invalid');

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!token || busy) {
      return;
    }
    const problems: Partial<Record<Field, string>> = {};
    if (!password) {
      problems.password = msgKey('setup.required');
    } else if (password.length < MIN_PASSWORD_LENGTH) {
      problems.password = msgKey('setup.tooShort');
    }
    if (!problems.password) {
      if (!confirm) {
        problems.confirm = msgKey('setup.confirmRequired');
      } else if (confirm !== password) {
        problems.confirm = msgKey('setup.mismatch');
      }
    }
    setLocal(problems);
    setError(null);
    if (problems.password || problems.confirm) {
      (problems.password ? passwordRef : confirmRef).current?.focus();
      return;
    }
    setBusy(true);
    try {
      const profile = await staffApi.completeSetup(token, password);
      api.resetAntiforgery();
      setDone(true);
      go(homeOf(profile));
    } catch (caught) {
      setError(caught);
      setBusy(false);
      if (caught instanceof ApiError && caught.code === 'weak_password') {
        passwordRef.current?.focus();
      }
    }
  };

  const server = fieldErrors(error);
  const weak = error instanceof ApiError && error.code === 'weak_password';
  const passwordError = local.password ? t(local.password) : weak ? t('setup.weak') : (server.password?.join(' ') ?? null);
  const confirmError = local.confirm ? t(local.confirm) : null;
  const wait = retryMessage(error, lang, t);
  const generalError = error !== null && !weak && !linkInvalid;

  return (
    <AdminFrame place={t('common.portal')} subtitle="">
      <h1>{t('setup.heading')}</h1>
      {linkInvalid ? (
        <div role="alert" className="message error">
          <p>{token ? t('setup.linkInvalid') : t('setup.linkMissing')}</p>
        </div>
      ) : (
        <>
          <p>{t('setup.intro')}</p>
          <form className="setup-form" noValidate onSubmit={submit}>
            <div className="field">
              <label htmlFor="setup-password">{t('setup.password')}</label>
              <p className="help" id="setup-password-hint">
                {t('setup.hint')}
              </p>
              <input
                ref={passwordRef}
                id="setup-password"
                name="password"
                type="password"
                autoComplete="new-password"
                required
                minLength={MIN_PASSWORD_LENGTH}
                value={password}
                onChange={(event) => setPassword(event.target.value)}
                aria-invalid={passwordError ? true : undefined}
                aria-describedby={passwordError ? 'setup-password-hint setup-password-error' : 'setup-password-hint'}
              />
              <FieldError id="setup-password-error" message={passwordError} />
            </div>
            <div className="field">
              <label htmlFor="setup-confirm">{t('setup.confirm')}</label>
              <input
                ref={confirmRef}
                id="setup-confirm"
                name="confirm"
                type="password"
                autoComplete="new-password"
                required
                value={confirm}
                onChange={(event) => setConfirm(event.target.value)}
                aria-invalid={confirmError ? true : undefined}
                aria-describedby={confirmError ? 'setup-confirm-error' : undefined}
              />
              <FieldError id="setup-confirm-error" message={confirmError} />
            </div>
            {generalError && (
              <div role="alert" className="message error">
                <p>{errorMessage(error, t, SETUP_ERRORS)}</p>
                {wait && <p>{wait}</p>}
              </div>
            )}
            <div role="status" className="status-region">
              {done ? <p className="message success">{t('setup.done')}</p> : busy ? <p>{t('setup.busy')}</p> : null}
            </div>
            <button type="submit" disabled={busy}>
              {t('setup.submit')}
            </button>
          </form>
        </>
      )}
    </AdminFrame>
  );
}
