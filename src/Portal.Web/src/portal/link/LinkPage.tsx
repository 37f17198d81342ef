import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiError, api } from '../../shared/api';
import { errorMessage, type CodeMessages } from '../../shared/errors';
import { FieldError, describedBy } from '../../shared/FieldError';
import { formatDuration } from '../../shared/format';
import { QueryState } from '../../shared/QueryState';
import { useDocumentTitle, useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey } from '../../shared/i18n/translate';
import { useFocusRequest } from '../../shared/useFocusRequest';
import { followLink, type Navigate } from '../../shared/useLocationPath';
import { linkTargetPath, portalPath } from '../routes';
import { signInApi } from '../signIn/api';
import { IdTypeField } from '../signIn/IdTypeField';
import { PasscodeField, StayLoggedInField } from '../signIn/PasscodeFields';
import { idTypeOptions, waitMessage } from '../signIn/signInForm';
import { linkApi, type LinkState, type VerifyLink } from './api';

interface Props {
  slug: string;
  token: string;
  clinicName: string;
  navigate: Navigate;
  /** The session cookie is set: the app loads the patient. */
  onSignedIn(): void;
}

type Field = 'passcode' | 'idType' | 'idNumber' | 'dateOfBirth';

const ID = {
  heading: 'link-heading',
  passcode: 'link-passcode',
  idType: 'link-id-type',
  idNumber: 'link-id-number',
  dateOfBirth: 'link-date-of-birth',
  stay: 'link-stay',
  problem: 'link-problem',
} as const;

const FIELD_ORDER: Field[] = ['passcode', 'idType', 'idNumber', 'dateOfBirth'];

const VERIFY_ERRORS: CodeMessages = {
  details_invalid: msgKey('portal.link.detailsInvalid'),
  validation_failed: msgKey('portal.link.detailsInvalid'),
  required: msgKey('portal.link.detailsInvalid'),
  malformed_json: msgKey('portal.link.detailsInvalid'),
};

const stateKey = (slug: string, token: string) => ['portal', slug, 'link', token];

/**
 * The page a notification's "Read message" link opens, /{clinic}/m/{token} (I2 to I4): per the
 * clinic's S10 setting, the one time passcode or an ID, and the date of birth, with Stay logged in
 * and LOGIN; the linked page opens. A used or expired link offers Resend Quick Passcode and Continue to Login.
 */
export function LinkPage({ slug, token, clinicName, navigate, onSignedIn }: Props) {
  const { t } = useI18n();
  useDocumentTitle(t('portal.link.pageTitle', { clinic: clinicName }));
  const stateQuery = useQuery({
    queryKey: stateKey(slug, token),
    queryFn: ({ signal }) => linkApi.state(slug, token, signal),
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
  const notFound = stateQuery.error instanceof ApiError && stateQuery.error.status === 404;
  const [resentMinutes, setResentMinutes] = useState<number | null>(null);
  const setFocusId = useFocusRequest();
  const onResent = (minutes: number) => {
    setResentMinutes(minutes);
    setFocusId(ID.heading);
  };

  return (
    <section aria-labelledby={ID.heading}>
      <p className="portal-back">
        <a href={portalPath(slug)} onClick={(event) => followLink(event, navigate)}>
          {t('portal.link.back')}
        </a>
      </p>
      {notFound ? (
        <>
          <h2 id={ID.heading} tabIndex={-1}>
            {t('portal.link.notFound.heading')}
          </h2>
          <p>{t('portal.link.notFound.text')}</p>
          <ContinueToLogin slug={slug} navigate={navigate} />
        </>
      ) : (
        <QueryState query={stateQuery}>
          {(state) =>
            state.state === 'usable' ? (
              <LinkForm slug={slug} token={token} state={state} navigate={navigate} onSignedIn={onSignedIn} resentMinutes={resentMinutes} />
            ) : (
              <LinkEnded slug={slug} token={token} state={state} navigate={navigate} onResent={onResent} />
            )
          }
        </QueryState>
      )}
    </section>
  );
}

function ContinueToLogin({ slug, navigate }: { slug: string; navigate: Navigate }) {
  const { t } = useI18n();
  return (
    <button type="button" className="secondary" onClick={() => navigate(portalPath(slug))}>
      {t('portal.link.continueToLogin')}
    </button>
  );
}

interface FormProps {
  slug: string;
  token: string;
  state: LinkState;
  navigate: Navigate;
  onSignedIn(): void;
  /** Set after Resend Quick Passcode: how long the new passcode works, to say so above the form. */
  resentMinutes: number | null;
}

function LinkForm({ slug, token, state, navigate, onSignedIn, resentMinutes }: FormProps) {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const byIdentifier = state.signInWith === 'identifier';
  const [passcode, setPasscode] = useState('');
  const [idType, setIdType] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [dateOfBirth, setDateOfBirth] = useState('');
  const [stayLoggedIn, setStayLoggedIn] = useState(false);
  const [missing, setMissing] = useState<Partial<Record<Field, string>>>({});
  const setFocusId = useFocusRequest();
  const idTypes = useQuery({
    queryKey: ['portal', slug, 'public', 'id-types'],
    queryFn: ({ signal }) => signInApi.idTypes(slug, signal),
    enabled: byIdentifier,
  });

  const verify = useMutation({
    mutationFn: (body: VerifyLink) => linkApi.verify(slug, body),
    onSuccess: (signedIn) => {
      // The antiforgery token belongs to the person: the anonymous one is no good once signed in.
      api.resetAntiforgery();
      queryClient.removeQueries({ queryKey: stateKey(slug, token) });
      navigate(linkTargetPath(slug, signedIn.target));
      onSignedIn();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'link_expired') {
        void queryClient.invalidateQueries({ queryKey: stateKey(slug, token) });
        return;
      }
      setFocusId(ID.problem);
    },
  });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (verify.isPending) {
      return;
    }
    const empty: Partial<Record<Field, string>> = {};
    if (!byIdentifier && !passcode.trim()) {
      empty.passcode = msgKey('portal.link.passcode.required');
    }
    if (byIdentifier && !idType) {
      empty.idType = msgKey('portal.link.idType.required');
    }
    if (byIdentifier && !idNumber.trim()) {
      empty.idNumber = msgKey('portal.link.idNumber.required');
    }
    if (!/^\d{4}-\d{2}-\d{2}$/.test(dateOfBirth)) {
      empty.dateOfBirth = msgKey('portal.link.dateOfBirth.required');
    }
    setMissing(empty);
    verify.reset();
    const first = FIELD_ORDER.find((field) => empty[field]);
    if (first) {
      setFocusId(ID[first]);
      return;
    }
    verify.mutate({
      token,
      passcode: byIdentifier ? null : passcode.replace(/\s/g, ''),
      idType: byIdentifier ? idType : null,
      idNumber: byIdentifier ? idNumber.trim() : null,
      dateOfBirth,
      stayLoggedIn,
    });
  };

  const problemOf = (field: Field) => (missing[field] ? t(missing[field]!) : null);
  const error = verify.error;
  const formProblem =
    error === null ? null : (waitMessage(error, lang, t, msgKey('portal.link.locked')) ?? errorMessage(error, t, VERIFY_ERRORS));
  const { healthCards, clinicTypes } = idTypeOptions(idTypes.data ?? null, lang, t);

  return (
    <>
      <h2 id={ID.heading} tabIndex={-1}>
        {t('portal.link.heading')}
      </h2>
      <div role="status">
        {resentMinutes !== null && (
          <p className="message success">{t('portal.link.resent', { duration: formatDuration(resentMinutes, lang, t) })}</p>
        )}
      </div>
      <p id="link-intro">{byIdentifier ? t('portal.link.intro.identifier') : t('portal.link.intro.passcode')}</p>
      <form className="portal-form" noValidate onSubmit={submit}>
        {byIdentifier ? (
          <>
            <IdTypeField id={ID.idType} value={idType} onChange={setIdType} problem={problemOf('idType')} healthCards={healthCards} clinicTypes={clinicTypes} />
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
                value={idNumber}
                onChange={(event) => setIdNumber(event.target.value)}
                aria-invalid={problemOf('idNumber') ? true : undefined}
                aria-describedby={describedBy(`${ID.idNumber}-help`, problemOf('idNumber') && `${ID.idNumber}-error`)}
              />
              <FieldError id={`${ID.idNumber}-error`} message={problemOf('idNumber')} />
            </div>
          </>
        ) : (
          <PasscodeField id={ID.passcode} value={passcode} onChange={setPasscode} problem={problemOf('passcode')} />
        )}
        <div className="field">
          <label htmlFor={ID.dateOfBirth}>{t('portal.link.dateOfBirth')}</label>
          <p className="help" id={`${ID.dateOfBirth}-help`}>
            {t('portal.link.dateOfBirth.help')}
          </p>
          <input
            id={ID.dateOfBirth}
            name="dateOfBirth"
            type="date"
            autoComplete="bday"
            min="1900-01-01"
            required
            value={dateOfBirth}
            onChange={(event) => setDateOfBirth(event.target.value)}
            aria-invalid={problemOf('dateOfBirth') ? true : undefined}
            aria-describedby={describedBy(`${ID.dateOfBirth}-help`, problemOf('dateOfBirth') && `${ID.dateOfBirth}-error`)}
          />
          <FieldError id={`${ID.dateOfBirth}-error`} message={problemOf('dateOfBirth')} />
        </div>
        <StayLoggedInField id={ID.stay} checked={stayLoggedIn} onChange={setStayLoggedIn} />
        {formProblem !== null && (
          <div role="alert" className="message error" id={ID.problem} tabIndex={-1}>
            <p>{formProblem}</p>
          </div>
        )}
        <div role="status" className="status-region">
          {verify.isPending ? <p>{t('portal.link.busy')}</p> : null}
        </div>
        <div className="form-actions">
          <button type="submit" aria-disabled={verify.isPending ? true : undefined}>
            {t('portal.passcode.submit')}
          </button>
        </div>
      </form>
    </>
  );
}

interface EndedProps {
  slug: string;
  token: string;
  state: LinkState;
  navigate: Navigate;
  onResent(minutes: number): void;
}

/** A used or expired link (I4): a new quick passcode for the same link, or the ordinary log-in. */
function LinkEnded({ slug, token, state, navigate, onResent }: EndedProps) {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const resend = useMutation({
    mutationFn: () => linkApi.resend(slug, token),
    onSuccess: (resent) => {
      queryClient.setQueryData<LinkState>(stateKey(slug, token), { ...state, state: 'usable', passcodeTimeoutMinutes: resent.expiresInMinutes });
      onResent(resent.expiresInMinutes);
    },
  });
  const problem =
    resend.error === null ? null : (waitMessage(resend.error, lang, t, msgKey('portal.link.resendWait')) ?? errorMessage(resend.error, t));

  return (
    <>
      <h2 id={ID.heading} tabIndex={-1}>
        {state.state === 'used' ? t('portal.link.used.heading') : t('portal.link.expired.heading')}
      </h2>
      <p>{t('portal.link.expired.text', { duration: formatDuration(state.passcodeTimeoutMinutes, lang, t) })}</p>
      <p className="help" id="link-resend-help">
        {t('portal.link.expired.resendHelp')}
      </p>
      {problem !== null && (
        <div role="alert" className="message error">
          <p>{problem}</p>
        </div>
      )}
      <div role="status" className="status-region">
        {resend.isPending ? <p>{t('portal.link.resending')}</p> : null}
      </div>
      <div className="form-actions">
        <button
          type="button"
          onClick={() => !resend.isPending && resend.mutate()}
          aria-disabled={resend.isPending ? true : undefined}
          aria-describedby="link-resend-help"
        >
          {t('portal.link.resend')}
        </button>
      </div>
      <div className="portal-start-again">
        <p className="help">{t('portal.link.expired.loginHelp')}</p>
        <ContinueToLogin slug={slug} navigate={navigate} />
      </div>
    </>
  );
}
