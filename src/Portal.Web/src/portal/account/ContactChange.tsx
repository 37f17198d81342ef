import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { ApiError } from '../../shared/api';
import { errorMessage, fieldMessages, retryMessage, type CodeMessages } from '../../shared/errors';
import { FieldError, describedBy } from '../../shared/FieldError';
import { formatWait } from '../../shared/format';
import { useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey } from '../../shared/i18n/translate';
import { formatPhone } from '../../shared/patientLabels';
import { PasscodeField } from '../signIn/PasscodeFields';
import { accountApi, type ContactKind } from './api';

interface Props {
  slug: string;
  kind: ContactKind;
  /** The patient's current ones, the primary first, as shown. */
  current: string[];
  onSessionEnded(): void;
}

type Step = { kind: 'idle' } | { kind: 'new' } | { kind: 'passcode'; changeId: string; value: string; minutes: number };

const TEXT = {
  email: {
    change: msgKey('portal.myInfo.contact.change.email'),
    new: msgKey('portal.myInfo.contact.new.email'),
    help: msgKey('portal.myInfo.contact.help.email'),
    changed: msgKey('portal.myInfo.contact.changed.email'),
  },
  mobile: {
    change: msgKey('portal.myInfo.contact.change.mobile'),
    new: msgKey('portal.myInfo.contact.new.mobile'),
    help: msgKey('portal.myInfo.contact.help.mobile'),
    changed: msgKey('portal.myInfo.contact.changed.mobile'),
  },
} as const;

const ERRORS: CodeMessages = {
  passcode_invalid: msgKey('portal.passcode.invalid'),
  validation_failed: msgKey('portal.myInfo.contact.invalid'),
};

const FIELD_CODES: CodeMessages = {
  required: msgKey('portal.myInfo.contact.invalid'),
  invalid: msgKey('portal.myInfo.contact.invalid'),
  invalid_email: msgKey('portal.myInfo.contact.invalid'),
  invalid_phone: msgKey('portal.myInfo.contact.invalid'),
  too_long: msgKey('portal.myInfo.contact.invalid'),
};

/**
 * The patient's primary email or mobile, replaced through the passcode flow (checklist C4): a passcode goes
 * to the new one and only when it comes back is the chart changed; the old one is told.
 */
export function ContactChange({ slug, kind, current, onSessionEnded }: Props) {
  const { t, lang } = useI18n();
  const id = useId();
  const queryClient = useQueryClient();
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [value, setValue] = useState('');
  const [passcode, setPasscode] = useState('');
  const [refusal, setRefusal] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const start = useMutation({ mutationFn: (next: string) => accountApi.startContactChange(slug, kind, next) });
  const confirm = useMutation({ mutationFn: (body: { changeId: string; passcode: string }) => accountApi.confirmContactChange(slug, body) });
  const busy = start.isPending || confirm.isPending;
  const heading = kind === 'email' ? t('portal.info.emails') : t('portal.info.mobiles');
  const valueProblem = fieldMessages(refusal, t, FIELD_CODES).value?.join(' ') ?? null;
  const passcodeProblem = refusal instanceof ApiError && refusal.code === 'passcode_invalid' ? t('portal.passcode.invalid') : null;

  const failed = (caught: unknown) => {
    if (caught instanceof ApiError && caught.status === 401) {
      onSessionEnded();
      return;
    }
    setRefusal(caught);
  };

  const send = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) {
      return;
    }
    setRefusal(null);
    try {
      const started = await start.mutateAsync(value);
      setPasscode('');
      setStep({ kind: 'passcode', changeId: started.changeId, value, minutes: started.expiresInMinutes });
    } catch (caught) {
      failed(caught);
    }
  };

  const finish = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy || step.kind !== 'passcode') {
      return;
    }
    setRefusal(null);
    try {
      const changed = await confirm.mutateAsync({ changeId: step.changeId, passcode: passcode.trim() });
      setStep({ kind: 'idle' });
      setValue('');
      setDone(t(TEXT[kind].changed, { value: kind === 'mobile' ? formatPhone(changed.value) : changed.value }));
      void queryClient.invalidateQueries({ queryKey: ['portal', slug, 'information'] });
    } catch (caught) {
      failed(caught);
    }
  };

  const cancel = () => {
    setStep({ kind: 'idle' });
    setRefusal(null);
    setValue('');
  };

  const generalProblem = refusal !== null && !valueProblem && !passcodeProblem ? (retryMessage(refusal, lang, t) ?? errorMessage(refusal, t, ERRORS)) : null;
  return (
    <div className="portal-contact-change">
      <h4 id={`${id}-heading`}>{heading}</h4>
      {current.length > 0 ? (
        <ul className="plain-list">
          {current.map((entry) => (
            <li key={entry}>{entry}</li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('portal.info.none')}</p>
      )}
      <div role="status" className="status-region">
        {done && <p className="message success">{done}</p>}
      </div>
      <div role="alert" className="alert-region">
        {generalProblem && (
          <div className="message error">
            <p>{generalProblem}</p>
          </div>
        )}
      </div>
      {step.kind === 'idle' && (
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setDone(null);
            setStep({ kind: 'new' });
          }}
        >
          {t(TEXT[kind].change)}
        </button>
      )}
      {step.kind === 'new' && (
        <form noValidate onSubmit={(event) => void send(event)} aria-labelledby={`${id}-heading`}>
          <div className="field">
            <label htmlFor={`${id}-value`}>{t(TEXT[kind].new)}</label>
            <p className="help" id={`${id}-help`}>
              {t(TEXT[kind].help)}
            </p>
            <input
              id={`${id}-value`}
              type={kind === 'email' ? 'email' : 'tel'}
              autoComplete={kind === 'email' ? 'email' : 'tel'}
              maxLength={254}
              value={value}
              onChange={(event) => setValue(event.target.value)}
              aria-invalid={valueProblem ? true : undefined}
              aria-describedby={describedBy(`${id}-help`, valueProblem && `${id}-error`)}
            />
            <FieldError id={`${id}-error`} message={valueProblem} />
          </div>
          <div className="actions">
            <button type="submit" aria-disabled={busy ? true : undefined}>
              {t('portal.myInfo.contact.send')}
            </button>
            <button type="button" className="secondary" onClick={cancel}>
              {t('portal.myInfo.contact.cancel')}
            </button>
          </div>
        </form>
      )}
      {step.kind === 'passcode' && (
        <form noValidate onSubmit={(event) => void finish(event)} aria-labelledby={`${id}-heading`}>
          <p id={`${id}-sent`}>
            {t('portal.myInfo.contact.sent', { value: step.value, duration: formatWait(step.minutes * 60, lang, t) })}
          </p>
          <PasscodeField id={`${id}-passcode`} value={passcode} onChange={setPasscode} problem={passcodeProblem} hint={`${id}-sent`} />
          <div className="actions">
            <button type="submit" aria-disabled={busy ? true : undefined}>
              {t('portal.myInfo.contact.confirm')}
            </button>
            <button type="button" className="secondary" onClick={cancel}>
              {t('portal.myInfo.contact.cancel')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
