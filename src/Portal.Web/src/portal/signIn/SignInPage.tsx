import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, api } from '../../shared/api';
import { errorMessage, type CodeMessages } from '../../shared/errors';
import { FieldError, describedBy } from '../../shared/FieldError';
import { formatDuration } from '../../shared/format';
import { useFocusRequest } from '../../shared/useFocusRequest';
import { useDocumentTitle, useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey } from '../../shared/i18n/translate';
import { IdTypeField } from './IdTypeField';
import { PasscodeField, PasscodeSubmit, StayLoggedInField } from './PasscodeFields';
import { signInApi, type ContactKind, type SignInIdType } from './api';
import { RegisterLink } from '../register/RegisterLink';
import {
  contactOf,
  emptyIdentifyForm,
  identifyProblems,
  idTypeOptions,
  missingFields,
  startBody,
  verifyBody,
  waitMessage,
  type IdentifyField,
  type IdentifyForm,
} from './signInForm';

/** Why the sign-in page is shown to someone who was signed in. */
export type SignInNote = 'sessionEnded' | 'loggedOut';

interface Props {
  slug: string;
  clinicName: string;
  note: SignInNote | null;
  /** The session cookie is set: load the patient and show the page asked for. */
  onSignedIn(): void;
}

/** What the passcode step needs from the first: the attempt, and the contact as the patient typed it. */
interface Attempt {
  attemptId: string;
  expiresInMinutes: number;
  contactKind: ContactKind;
  contact: string;
}

const START_ERRORS: CodeMessages = {
  validation_failed: msgKey('portal.signIn.error.fields'),
};

const VERIFY_ERRORS: CodeMessages = {
  passcode_invalid: msgKey('portal.passcode.invalid'),
  validation_failed: msgKey('portal.passcode.format'),
};

/** Element ids, one sign-in form per page. */
const ID = {
  heading: 'sign-in-heading',
  idType: 'sign-in-id-type',
  idNumber: 'sign-in-id-number',
  contactKind: 'sign-in-contact-kind-mobile',
  contact: 'sign-in-contact',
  passcode: 'sign-in-passcode',
} as const;

const FIELD_IDS: Record<IdentifyField, string> = {
  idType: ID.idType,
  idNumber: ID.idNumber,
  contactKind: ID.contactKind,
  contact: ID.contact,
};

/**
 * Log in (I1): the ID type and number, and the mobile number or email address the clinic has on
 * record; then the one-time passcode sent there, with "Stay logged in" (I5).
 */
export function SignInPage({ slug, clinicName, note, onSignedIn }: Props) {
  const { t, lang } = useI18n();
  const [idTypes, setIdTypes] = useState<SignInIdType[] | null>(null);
  const [form, setForm] = useState<IdentifyForm>(emptyIdentifyForm);
  const [attempt, setAttempt] = useState<Attempt | null>(null);
  const [passcode, setPasscode] = useState('');
  const [stayLoggedIn, setStayLoggedIn] = useState(false);
  /** Empty fields found before sending: field -> message key. */
  const [missing, setMissing] = useState<Partial<Record<IdentifyField | 'passcode', string>>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const setFocusId = useFocusRequest();

  useDocumentTitle(attempt ? t('portal.passcode.pageTitle', { clinic: clinicName }) : t('portal.signIn.pageTitle', { clinic: clinicName }));

  useEffect(() => {
    const controller = new AbortController();
    // Without the list the page still offers the 13 health cards; only the clinic's own types are missing.
    signInApi.idTypes(slug, controller.signal).then(setIdTypes, () => undefined);
    return () => controller.abort();
  }, [slug]);


  const change = (patch: Partial<IdentifyForm>) => setForm((current) => ({ ...current, ...patch }));

  const start = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) {
      return;
    }
    const empty = missingFields(form);
    setMissing(empty);
    setError(null);
    const firstEmpty = (Object.keys(FIELD_IDS) as IdentifyField[]).find((field) => empty[field]);
    if (firstEmpty) {
      setFocusId(FIELD_IDS[firstEmpty]);
      return;
    }
    setBusy(true);
    const body = startBody(form);
    try {
      const answer = await signInApi.start(slug, body);
      setAttempt({
        attemptId: answer.attemptId,
        expiresInMinutes: answer.expiresInMinutes,
        contactKind: form.contactKind,
        contact: body.contact,
      });
      setPasscode('');
      setFocusId(ID.passcode);
    } catch (caught) {
      setError(caught);
      const problems = identifyProblems(caught, form.contactKind, t);
      const firstProblem = (Object.keys(FIELD_IDS) as IdentifyField[]).find((field) => problems[field]);
      if (firstProblem) {
        setFocusId(FIELD_IDS[firstProblem]);
      }
    } finally {
      setBusy(false);
    }
  };

  const verify = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy || !attempt) {
      return;
    }
    setError(null);
    if (!passcode.trim()) {
      setMissing({ passcode: msgKey('portal.passcode.required') });
      setFocusId(ID.passcode);
      return;
    }
    setMissing({});
    setBusy(true);
    try {
      await signInApi.verify(slug, verifyBody(attempt.attemptId, passcode, stayLoggedIn));
      // The antiforgery token belongs to the person: the anonymous one is no good once signed in.
      api.resetAntiforgery();
      onSignedIn();
    } catch (caught) {
      setError(caught);
      setBusy(false);
      if (caught instanceof ApiError && caught.status === 400) {
        setFocusId(ID.passcode);
      }
    }
  };

  const startAgain = () => {
    setAttempt(null);
    setPasscode('');
    setError(null);
    setMissing({});
    setFocusId(ID.heading);
  };

  if (attempt) {
    const passcodeProblem =
      missing.passcode !== undefined
        ? t(missing.passcode)
        : error instanceof ApiError && error.status === 400
          ? errorMessage(error, t, VERIFY_ERRORS)
          : null;
    const otherProblem = error !== null && passcodeProblem === null ? error : null;
    const locked = waitMessage(otherProblem, lang, t, msgKey('portal.passcode.locked'));
    return (
      <section aria-labelledby={ID.heading}>
        <h2 id={ID.heading} tabIndex={-1}>
          {attempt.contactKind === 'email' ? t('portal.passcode.heading.email') : t('portal.passcode.heading.mobile')}
        </h2>
        <p id="sign-in-sent">
          {t('portal.passcode.sent', { contact: attempt.contact })}{' '}
          {t('portal.passcode.expires', { duration: formatDuration(attempt.expiresInMinutes, lang, t) })}
        </p>
        <p className="help">{attempt.contactKind === 'email' ? t('portal.passcode.wait.email') : t('portal.passcode.wait.mobile')}</p>
        <form className="portal-form" noValidate onSubmit={verify}>
          <PasscodeField id={ID.passcode} value={passcode} onChange={setPasscode} problem={passcodeProblem} hint="sign-in-sent" />
          <StayLoggedInField id="sign-in-stay" checked={stayLoggedIn} onChange={setStayLoggedIn} />
          {otherProblem !== null && (
            <div role="alert" className="message error">
              <p>{locked ?? errorMessage(otherProblem, t)}</p>
            </div>
          )}
          <PasscodeSubmit busy={busy} label={t('portal.passcode.submit')} />
        </form>
        <div className="portal-start-again">
          <p className="help" id="sign-in-again-help">
            {t('portal.passcode.startAgain.help')}
          </p>
          <button type="button" className="secondary" onClick={startAgain} aria-describedby="sign-in-again-help">
            {t('portal.passcode.startAgain')}
          </button>
        </div>
      </section>
    );
  }

  const server = identifyProblems(error, form.contactKind, t);
  const problemAt = (field: IdentifyField): string | null => (missing[field] ? t(missing[field]!) : (server[field] ?? null));
  const fieldProblems = Object.keys(server).length > 0;
  const wait = waitMessage(error, lang, t);
  const { healthCards, clinicTypes } = idTypeOptions(idTypes, lang, t);
  // A type chosen before the list changed (another language, the clinic's types arriving) stays chosen.

  const idTypeProblem = problemAt('idType');
  const idNumberProblem = problemAt('idNumber');
  const contactKindProblem = problemAt('contactKind');
  const contactProblem = problemAt('contact');
  const mobile = form.contactKind === 'mobile';

  return (
    <section aria-labelledby={ID.heading}>
      <h2 id={ID.heading} tabIndex={-1}>
        {t('portal.signIn.heading')}
      </h2>
      {note === 'sessionEnded' && <p className="message note">{t('portal.signIn.sessionEnded')}</p>}
      {note === 'loggedOut' && <p className="message success">{t('portal.signIn.loggedOut')}</p>}
      <p>{t('portal.signIn.intro', { clinic: clinicName })}</p>
      <form className="portal-form" noValidate onSubmit={start}>
        <fieldset>
          <legend>{t('portal.signIn.identification')}</legend>
          <IdTypeField id={ID.idType} value={form.idType} onChange={(idType) => change({ idType })} problem={idTypeProblem} healthCards={healthCards} clinicTypes={clinicTypes} />
          <div className="field">
            <label htmlFor={ID.idNumber}>{t('portal.signIn.idNumber')}</label>
            <p className="help" id={`${ID.idNumber}-help`}>
              {t('portal.signIn.idNumber.help')}
            </p>
            <input
              id={ID.idNumber}
              name="idNumber"
              type="text"
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              maxLength={40}
              required
              value={form.idNumber}
              onChange={(event) => change({ idNumber: event.target.value })}
              aria-invalid={idNumberProblem ? true : undefined}
              aria-describedby={describedBy(`${ID.idNumber}-help`, idNumberProblem && `${ID.idNumber}-error`)}
            />
            <FieldError id={`${ID.idNumber}-error`} message={idNumberProblem} />
          </div>
        </fieldset>
        <fieldset aria-describedby="sign-in-contact-group-help">
          <legend>{t('portal.signIn.contactGroup')}</legend>
          <p className="help" id="sign-in-contact-group-help">
            {t('portal.signIn.contactGroup.help')}
          </p>
          <div className="check-row">
            {(['mobile', 'email'] as const).map((kind) => (
              <div className="check" key={kind}>
                <input
                  type="radio"
                  id={`sign-in-contact-kind-${kind}`}
                  name="contactKind"
                  value={kind}
                  checked={form.contactKind === kind}
                  onChange={() => {
                    change({ contactKind: kind });
                    setMissing((current) => ({ ...current, contact: undefined }));
                  }}
                  aria-invalid={contactKindProblem ? true : undefined}
                  aria-describedby={describedBy(contactKindProblem && 'sign-in-contact-kind-error')}
                />
                <label htmlFor={`sign-in-contact-kind-${kind}`}>
                  {kind === 'mobile' ? t('portal.signIn.contactKind.mobile') : t('portal.signIn.contactKind.email')}
                </label>
              </div>
            ))}
          </div>
          <FieldError id="sign-in-contact-kind-error" message={contactKindProblem} />
          <div className="field portal-contact">
            <label htmlFor={ID.contact}>{mobile ? t('portal.signIn.mobile') : t('portal.signIn.email')}</label>
            <p className="help" id={`${ID.contact}-help`}>
              {mobile ? t('portal.signIn.mobile.help') : t('portal.signIn.email.help')}
            </p>
            <input
              id={ID.contact}
              name={mobile ? 'mobile' : 'email'}
              type={mobile ? 'tel' : 'email'}
              inputMode={mobile ? 'tel' : 'email'}
              autoComplete={mobile ? 'tel' : 'email'}
              spellCheck={false}
              maxLength={254}
              required
              value={contactOf(form)}
              onChange={(event) => change(mobile ? { mobile: event.target.value } : { email: event.target.value })}
              aria-invalid={contactProblem ? true : undefined}
              aria-describedby={describedBy(`${ID.contact}-help`, contactProblem && `${ID.contact}-error`)}
            />
            <FieldError id={`${ID.contact}-error`} message={contactProblem} />
          </div>
        </fieldset>
        {error !== null && !fieldProblems && (
          <div role="alert" className="message error">
            <p>{wait ?? errorMessage(error, t, START_ERRORS)}</p>
          </div>
        )}
        <div role="status" className="status-region">
          {busy ? <p>{t('portal.signIn.busy')}</p> : null}
        </div>
        <div className="form-actions">
          <button type="submit" aria-disabled={busy ? true : undefined}>
            {t('portal.signIn.next')}
          </button>
        </div>
      </form>
      <RegisterLink slug={slug} />
    </section>
  );
}
