import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from '../../shared/api';
import { errorMessage } from '../../shared/errors';
import { FieldError, describedBy } from '../../shared/FieldError';
import { formatDuration } from '../../shared/format';
import { useI18n } from '../../shared/i18n/I18nProvider';
import { PATIENT_LANGUAGE_KEYS, SEX_KEYS, CONTACT_METHOD_KEYS, nameOf, regionsOf } from '../../shared/patientLabels';
import type { PublicPortal } from '../api';
import { DocumentTitle } from '../PortalPage';
import { portalPath } from '../routes';
import { IdTypeField } from '../signIn/IdTypeField';
import { PasscodeField, PasscodeSubmit } from '../signIn/PasscodeFields';
import { signInApi } from '../signIn/api';
import { idTypeOptions, waitMessage } from '../signIn/signInForm';
import { registerApi, type RegistrationStarted } from './api';
import { emptyRegisterFields, missingRegisterFields, registerBody, registerProblems, type RegisterField, type RegisterFields } from './registerForm';

interface Props {
  slug: string;
  portal: PublicPortal;
}

type Step = { kind: 'form' } | { kind: 'passcode'; started: RegistrationStarted; contact: string } | { kind: 'done'; contactKind: string };

/**
 * /{clinic}/register: a person who is not yet a patient fills in the form, proves their email address or
 * mobile number with the passcode sent there, and is told to watch it. The page says the same whatever
 * happens next (a chart for the clinic to review, or a notice to a chart that already exists).
 */
export function RegisterPage({ slug, portal }: Props) {
  const { t } = useI18n();
  const [step, setStep] = useState<Step>({ kind: 'form' });
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    heading.current?.focus();
  }, [step.kind]);

  const title = t('portal.register.pageTitle', { clinic: portal.clinicName });
  if (!portal.selfRegistrationEnabled) {
    return (
      <section aria-labelledby="register-heading">
        <DocumentTitle title={title} />
        <h2 id="register-heading" ref={heading} tabIndex={-1}>
          {t('portal.register.off.heading')}
        </h2>
        <p>{t('portal.register.off.text', { clinic: portal.clinicName })}</p>
        <p>
          <a href={portalPath(slug)}>{t('portal.register.backToLogIn')}</a>
        </p>
      </section>
    );
  }

  return (
    <section aria-labelledby="register-heading">
      <DocumentTitle title={title} />
      {step.kind === 'form' && (
        <RegisterFormStep
          slug={slug}
          portal={portal}
          headingRef={heading}
          onStarted={(started, contact) => setStep({ kind: 'passcode', started, contact })}
        />
      )}
      {step.kind === 'passcode' && (
        <PasscodeStep
          slug={slug}
          started={step.started}
          contact={step.contact}
          headingRef={heading}
          onDone={(contactKind) => setStep({ kind: 'done', contactKind })}
          onStartAgain={() => setStep({ kind: 'form' })}
        />
      )}
      {step.kind === 'done' && (
        <>
          <h2 id="register-heading" ref={heading} tabIndex={-1}>
            {step.contactKind === 'email' ? t('portal.register.done.heading.email') : t('portal.register.done.heading.mobile')}
          </h2>
          <p className="message success">{t('portal.register.done.text', { clinic: portal.clinicName })}</p>
          <p>{t('portal.register.done.next')}</p>
          <p>
            <a href={portalPath(slug)}>{t('portal.register.backToLogIn')}</a>
          </p>
        </>
      )}
    </section>
  );
}

interface FormStepProps {
  slug: string;
  portal: PublicPortal;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
  onStarted(started: RegistrationStarted, contact: string): void;
}

function RegisterFormStep({ slug, portal, headingRef, onStarted }: FormStepProps) {
  const { t, lang } = useI18n();
  const [fields, setFields] = useState<RegisterFields>(() => emptyRegisterFields(lang));
  const [missing, setMissing] = useState<Partial<Record<RegisterField, string>>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const idTypesQuery = useQuery({ queryKey: ['portal', slug, 'public', 'id-types'], queryFn: ({ signal }) => signInApi.idTypes(slug, signal) });
  const { healthCards, clinicTypes } = idTypeOptions(idTypesQuery.data ?? null, lang, t);
  const server = registerProblems(error, t);
  const problem = (field: RegisterField): string | null => (missing[field] ? t(missing[field]!) : (server[field] ?? null));
  const consent = (lang === 'fr' ? portal.registrationConsentFr : portal.registrationConsentEn) ?? t('portal.register.consent.default', { clinic: portal.clinicName });

  const change = (patch: Partial<RegisterFields>) => {
    setFields((current) => ({ ...current, ...patch }));
    setMissing((current) => {
      const next = { ...current };
      for (const key of Object.keys(patch) as RegisterField[]) {
        delete next[key];
      }
      return next;
    });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) {
      return;
    }
    const found = missingRegisterFields(fields);
    setMissing(found);
    setError(null);
    const first = Object.keys(found)[0];
    if (first) {
      document.getElementById(`register-${first}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const started = await registerApi.start(slug, registerBody(fields));
      onStarted(started, fields.proveWith === 'email' ? fields.email.trim() : fields.mobile.trim());
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  const text = (field: RegisterField, label: string, options: { type?: string; autoComplete?: string; help?: string; required?: boolean } = {}) => {
    const id = `register-${field}`;
    const fieldProblem = problem(field);
    return (
      <div className="field">
        <label htmlFor={id}>
          {label}
          {options.required === false ? ` ${t('portal.register.optional')}` : ''}
        </label>
        {options.help && (
          <p className="help" id={`${id}-help`}>
            {options.help}
          </p>
        )}
        <input
          id={id}
          name={field}
          type={options.type ?? 'text'}
          autoComplete={options.autoComplete ?? 'off'}
          required={options.required !== false}
          value={String(fields[field])}
          onChange={(event) => change({ [field]: event.target.value } as Partial<RegisterFields>)}
          aria-invalid={fieldProblem ? true : undefined}
          aria-describedby={describedBy(options.help && `${id}-help`, fieldProblem && `${id}-error`)}
        />
        <FieldError id={`${id}-error`} message={fieldProblem} />
      </div>
    );
  };

  const select = (field: RegisterField, label: string, choices: { code: string; name: string }[], placeholder: string | null, extra?: ReactNode) => {
    const id = `register-${field}`;
    const fieldProblem = problem(field);
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <select
          id={id}
          name={field}
          required
          value={String(fields[field])}
          onChange={(event) => change({ [field]: event.target.value } as Partial<RegisterFields>)}
          aria-invalid={fieldProblem ? true : undefined}
          aria-describedby={describedBy(fieldProblem && `${id}-error`)}
        >
          {placeholder !== null && <option value="">{placeholder}</option>}
          {choices.map((choice) => (
            <option key={choice.code} value={choice.code}>
              {choice.name}
            </option>
          ))}
          {extra}
        </select>
        <FieldError id={`${id}-error`} message={fieldProblem} />
      </div>
    );
  };

  const codes = (keys: Readonly<Record<string, string>>) => Object.keys(keys).map((code) => ({ code, name: nameOf(keys, code, t) }));
  const fieldProblems = Object.keys(server).length > 0;
  const wait = waitMessage(error, lang, t);
  const consentProblem = problem('consentGiven');

  return (
    <>
      <h2 id="register-heading" ref={headingRef} tabIndex={-1}>
        {t('portal.register.heading')}
      </h2>
      <p>{t('portal.register.intro', { clinic: portal.clinicName })}</p>
      <form className="portal-form" noValidate onSubmit={(event) => void submit(event)}>
        <fieldset>
          <legend>{t('portal.register.about')}</legend>
          {text('legalGivenName', t('portal.register.legalGivenName'), { autoComplete: 'given-name' })}
          {text('legalFamilyName', t('portal.register.legalFamilyName'), { autoComplete: 'family-name' })}
          {text('preferredName', t('portal.register.preferredName'), { autoComplete: 'nickname', required: false })}
          {text('dateOfBirth', t('portal.register.dateOfBirth'), { type: 'date', autoComplete: 'bday' })}
          {select('sex', t('portal.register.sex'), codes(SEX_KEYS), t('portal.register.choose'))}
          {text('gender', t('portal.register.gender'), { required: false, help: t('portal.register.gender.help') })}
        </fieldset>
        <fieldset>
          <legend>{t('portal.register.identification')}</legend>
          <IdTypeField id="register-idType" value={fields.idType} onChange={(idType) => change({ idType })} problem={problem('idType')} healthCards={healthCards} clinicTypes={clinicTypes} />
          {text('idNumber', t('portal.signIn.idNumber'), { help: t('portal.signIn.idNumber.help') })}
          {fields.idType === 'ON' && text('versionCode', t('portal.register.versionCode'), { required: false, help: t('portal.register.versionCode.help') })}
        </fieldset>
        <fieldset>
          <legend>{t('portal.register.address')}</legend>
          <p className="help">{t('portal.register.address.help')}</p>
          {text('line1', t('portal.register.line1'), { autoComplete: 'address-line1', required: false })}
          {text('line2', t('portal.register.line2'), { autoComplete: 'address-line2', required: false })}
          {text('city', t('portal.register.city'), { autoComplete: 'address-level2', required: false })}
          {select('country', t('portal.register.country'), [
            { code: 'CA', name: t('country.CA') },
            { code: 'US', name: t('country.US') },
          ], null)}
          {select('province', t('portal.register.province'), regionsOf(fields.country, lang, t), t('portal.register.choose'))}
          {text('postalCode', t('portal.register.postalCode'), { autoComplete: 'postal-code', required: false })}
        </fieldset>
        <fieldset>
          <legend>{t('portal.register.contact')}</legend>
          <p className="help">{t('portal.register.contact.help')}</p>
          {text('email', t('portal.signIn.email'), { type: 'email', autoComplete: 'email', required: fields.proveWith === 'email' })}
          {text('mobile', t('portal.signIn.mobile'), { type: 'tel', autoComplete: 'tel', required: fields.proveWith === 'mobile', help: t('portal.signIn.mobile.help') })}
          <fieldset className="check-group">
            <legend>{t('portal.register.proveWith')}</legend>
            <div className="check-row">
              {(['email', 'mobile'] as const).map((kind) => (
                <div className="check" key={kind}>
                  <input
                    type="radio"
                    id={`register-proveWith-${kind}`}
                    name="proveWith"
                    value={kind}
                    checked={fields.proveWith === kind}
                    onChange={() => change({ proveWith: kind })}
                  />
                  <label htmlFor={`register-proveWith-${kind}`}>
                    {kind === 'email' ? t('portal.signIn.contactKind.email') : t('portal.signIn.contactKind.mobile')}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
          {select('preferredContactMethod', t('portal.register.preferredContactMethod'), codes(CONTACT_METHOD_KEYS), null)}
          {select('preferredLanguage', t('portal.register.preferredLanguage'), codes(PATIENT_LANGUAGE_KEYS), null)}
        </fieldset>
        <fieldset>
          <legend>{t('portal.register.consent')}</legend>
          <p className="portal-consent" id="register-consent-text">
            {consent}
          </p>
          <div className="check">
            <input
              type="checkbox"
              id="register-consentGiven"
              name="consentGiven"
              checked={fields.consentGiven}
              onChange={(event) => change({ consentGiven: event.target.checked })}
              aria-invalid={consentProblem ? true : undefined}
              aria-describedby={describedBy('register-consent-text', consentProblem && 'register-consentGiven-error')}
            />
            <label htmlFor="register-consentGiven">{t('portal.register.consent.agree')}</label>
          </div>
          <FieldError id="register-consentGiven-error" message={consentProblem} />
        </fieldset>
        {error !== null && !fieldProblems && (
          <div role="alert" className="message error">
            <p>{wait ?? errorMessage(error, t)}</p>
          </div>
        )}
        {fieldProblems && (
          <div role="alert" className="message error">
            <p>{t('portal.register.checkFields')}</p>
          </div>
        )}
        <div role="status" className="status-region">
          {busy ? <p>{t('portal.register.busy')}</p> : null}
        </div>
        <div className="form-actions">
          <button type="submit" aria-disabled={busy ? true : undefined}>
            {t('portal.register.submit')}
          </button>
        </div>
      </form>
      <p>
        <a href={portalPath(slug)}>{t('portal.register.backToLogIn')}</a>
      </p>
    </>
  );
}

interface PasscodeStepProps {
  slug: string;
  started: RegistrationStarted;
  contact: string;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
  onDone(contactKind: string): void;
  onStartAgain(): void;
}

function PasscodeStep({ slug, started, contact, headingRef, onDone, onStartAgain }: PasscodeStepProps) {
  const { t, lang } = useI18n();
  const [passcode, setPasscode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);

  const verify = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) {
      return;
    }
    if (passcode.trim() === '') {
      setMissing(true);
      document.getElementById('register-passcode')?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const received = await registerApi.verify(slug, started.registrationId, passcode.trim());
      onDone(received.contactKind);
    } catch (caught) {
      setError(caught);
      setBusy(false);
      document.getElementById('register-passcode')?.focus();
    }
  };

  const passcodeProblem = missing
    ? t('portal.register.passcode.required')
    : error instanceof ApiError && error.status === 400
      ? t('portal.register.passcode.invalid')
      : null;
  const other = error !== null && passcodeProblem === null ? error : null;
  return (
    <>
      <h2 id="register-heading" ref={headingRef} tabIndex={-1}>
        {started.contactKind === 'email' ? t('portal.passcode.heading.email') : t('portal.passcode.heading.mobile')}
      </h2>
      <p id="register-sent">
        {t('portal.passcode.sent', { contact })} {t('portal.passcode.expires', { duration: formatDuration(started.expiresInMinutes, lang, t) })}
      </p>
      <form className="portal-form" noValidate onSubmit={(event) => void verify(event)}>
        <PasscodeField
          id="register-passcode"
          value={passcode}
          onChange={(value) => {
            setPasscode(value);
            setMissing(false);
          }}
          problem={passcodeProblem}
          hint="register-sent"
        />
        {other !== null && (
          <div role="alert" className="message error">
            <p>{waitMessage(other, lang, t) ?? errorMessage(other, t)}</p>
          </div>
        )}
        <PasscodeSubmit busy={busy} label={t('portal.register.passcode.submit')} />
      </form>
      <div className="portal-start-again">
        <button type="button" className="secondary" onClick={onStartAgain}>
          {t('portal.passcode.startAgain')}
        </button>
      </div>
    </>
  );
}
