import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../shared/api';
import { errorMessage } from '../shared/errors';
import { useI18n } from '../shared/i18n/I18nProvider';
import { LanguageSwitch } from '../shared/LanguageSwitch';
import { Loading } from '../shared/Status';
import { followLink, useLocationPath, type Navigate } from '../shared/useLocationPath';
import { accountApi, type PatientProfile } from './account/api';
import { MyInformationPage } from './account/MyInformationPage';
import { SessionsPage } from './account/SessionsPage';
import { getPublicPortal, type PublicPortal } from './api';
import { HomePage } from './home/HomePage';
import { DocumentTitle, PortalPage } from './PortalPage';
import { SECTION_PAGES, parsePortalPath, portalPath, type PortalRoute } from './routes';
import { SectionPage } from './sections/SectionPage';
import { SignInPage, type SignInNote } from './signIn/SignInPage';

type Session =
  | { kind: 'checking' }
  | { kind: 'signedOut'; note: SignInNote | null }
  | { kind: 'signedIn'; profile: PatientProfile }
  | { kind: 'error'; error: unknown };

type State =
  | { kind: 'loading' }
  | { kind: 'notFound' }
  | { kind: 'error'; error: unknown }
  | { kind: 'ready'; portal: PublicPortal; session: Session };

/**
 * The patient portal of one clinic, /{clinic}/ and the pages under it. Signed out, every address
 * shows the sign-in page, and the page asked for once signed in.
 */
export function PortalApp() {
  const { t, setClinicDefault } = useI18n();
  const [path, navigate] = useLocationPath();
  const { route, canonical } = parsePortalPath(path);
  const slug = route?.slug ?? null;
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [signingOut, setSigningOut] = useState(false);
  const [signOutError, setSignOutError] = useState<unknown>(null);
  const main = useRef<HTMLElement>(null);
  // Set when the person moved to another page (a link, Back, signing in or out): its heading takes the focus.
  const pendingFocus = useRef(false);
  const shownPath = useRef(path);

  useEffect(() => {
    if (canonical && canonical !== window.location.pathname) {
      window.history.replaceState(null, '', canonical + window.location.search + window.location.hash);
    }
  }, [canonical]);

  const setSession = useCallback((session: Session) => {
    setState((current) => (current.kind === 'ready' ? { ...current, session } : current));
  }, []);

  const checkSession = useCallback(
    (clinic: string, signal?: AbortSignal) => {
      setSession({ kind: 'checking' });
      accountApi.session(clinic, signal).then(
        (answer) => setSession(answer.patient ? { kind: 'signedIn', profile: answer.patient } : { kind: 'signedOut', note: null }),
        (error: unknown) => {
          if (!signal?.aborted) {
            setSession({ kind: 'error', error });
          }
        },
      );
    },
    [setSession],
  );

  const load = useCallback(
    (signal?: AbortSignal) => {
      if (!slug) {
        setState({ kind: 'notFound' });
        return;
      }
      setState({ kind: 'loading' });
      getPublicPortal(slug, signal).then(
        (portal) => {
          setClinicDefault(portal.defaultLanguage);
          setState({ kind: 'ready', portal, session: { kind: 'checking' } });
          // With the portal off there is nothing to sign in to: the page says so and asks nothing more.
          if (portal.portalEnabled) {
            checkSession(slug, signal);
          }
        },
        (error: unknown) => {
          if (signal?.aborted) {
            return;
          }
          if (error instanceof ApiError && (error.status === 404 || error.code === 'clinic_not_found')) {
            setState({ kind: 'notFound' });
          } else {
            setState({ kind: 'error', error });
          }
        },
      );
    },
    [slug, setClinicDefault, checkSession],
  );

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal);
    return () => controller.abort();
  }, [load]);

  useEffect(() => {
    if (shownPath.current !== path) {
      shownPath.current = path;
      pendingFocus.current = true;
    }
  }, [path]);

  useEffect(() => {
    if (pendingFocus.current) {
      const heading = main.current?.querySelector<HTMLElement>('h2');
      if (heading) {
        heading.focus();
        pendingFocus.current = false;
      }
    }
  });

  const onSignedIn = useCallback(() => {
    if (slug) {
      pendingFocus.current = true;
      checkSession(slug);
    }
  }, [slug, checkSession]);

  const onSessionEnded = useCallback(() => {
    api.resetAntiforgery();
    pendingFocus.current = true;
    setSession({ kind: 'signedOut', note: 'sessionEnded' });
  }, [setSession]);

  const signOut = async () => {
    if (!slug || signingOut) {
      return;
    }
    setSigningOut(true);
    setSignOutError(null);
    try {
      await accountApi.signOut(slug);
    } catch (error) {
      // Already signed out (401) is as good as signed out.
      if (!(error instanceof ApiError) || error.status !== 401) {
        setSignOutError(error);
        setSigningOut(false);
        return;
      }
    }
    api.resetAntiforgery();
    setSigningOut(false);
    pendingFocus.current = true;
    setSession({ kind: 'signedOut', note: 'loggedOut' });
    navigate(portalPath(slug));
  };

  const clinicName = state.kind === 'ready' ? state.portal.clinicName : null;
  const heading =
    state.kind === 'ready'
      ? state.portal.clinicName
      : state.kind === 'notFound'
        ? t('portal.notFound.title')
        : state.kind === 'error'
          ? t('portal.error.title')
          : t('portal.title');
  const watermark = state.kind === 'ready' ? state.portal.backgroundImageUrl : null;
  const signedIn = state.kind === 'ready' && state.portal.portalEnabled && state.session.kind === 'signedIn';

  return (
    <div className="portal">
      {watermark && <img className="portal-watermark" src={watermark} alt="" aria-hidden="true" />}
      <header className="portal-header">
        <h1 className="portal-clinic">{heading}</h1>
        <div className="portal-header-tools">
          <LanguageSwitch />
          {signedIn && (
            <button type="button" className="secondary" onClick={() => void signOut()} aria-disabled={signingOut ? true : undefined}>
              {t('portal.logOut')}
            </button>
          )}
        </div>
      </header>
      <main className="portal-main" id="main" ref={main}>
        <div className="portal-card">
          {signedIn && signOutError !== null && (
            <div role="alert" className="message error">
              <p>{errorMessage(signOutError, t)}</p>
            </div>
          )}
          {state.kind === 'loading' && (
            <>
              <DocumentTitle title={`${t('portal.title')} – ${t('common.portal')}`} />
              <Loading />
            </>
          )}
          {state.kind === 'ready' && !state.portal.portalEnabled && (
            <section aria-labelledby="portal-off">
              <DocumentTitle title={t('portal.pageTitle', { clinic: state.portal.clinicName })} />
              <h2 id="portal-off">{t('portal.off.heading')}</h2>
              <p>{t('portal.off.text', { clinic: state.portal.clinicName })}</p>
              <p>{t('portal.off.contact')}</p>
            </section>
          )}
          {state.kind === 'ready' && state.portal.portalEnabled && route && (
            <SessionContent
              route={route}
              clinicName={clinicName!}
              session={state.session}
              navigate={navigate}
              onSignedIn={onSignedIn}
              onSessionEnded={onSessionEnded}
              onRetry={() => checkSession(route.slug)}
            />
          )}
          {state.kind === 'notFound' && (
            <>
              <DocumentTitle title={`${t('portal.notFound.title')} – ${t('common.portal')}`} />
              <p className="portal-lead">{t('portal.notFound.text')}</p>
              <p>{t('portal.notFound.check')}</p>
            </>
          )}
          {state.kind === 'error' && (
            <>
              <DocumentTitle title={`${t('portal.error.title')} – ${t('common.portal')}`} />
              <div role="alert" className="message error">
                <p>{errorMessage(state.error, t)}</p>
              </div>
              <button type="button" onClick={() => load()}>
                {t('common.tryAgain')}
              </button>
            </>
          )}
        </div>
      </main>
    </div>
  );
}

interface ContentProps {
  route: PortalRoute;
  clinicName: string;
  session: Session;
  navigate: Navigate;
  onSignedIn(): void;
  onSessionEnded(): void;
  onRetry(): void;
}

/** What the address shows, signed in or not. */
function SessionContent({ route, clinicName, session, navigate, onSignedIn, onSessionEnded, onRetry }: ContentProps) {
  const { t } = useI18n();
  const { slug, page } = route;
  switch (session.kind) {
    case 'checking':
      return (
        <>
          <DocumentTitle title={t('portal.pageTitle', { clinic: clinicName })} />
          <Loading />
        </>
      );
    case 'error':
      return (
        <>
          <DocumentTitle title={t('portal.pageTitle', { clinic: clinicName })} />
          <div role="alert" className="message error">
            <p>{errorMessage(session.error, t)}</p>
          </div>
          <button type="button" onClick={onRetry}>
            {t('common.tryAgain')}
          </button>
        </>
      );
    case 'signedOut':
      return <SignInPage slug={slug} clinicName={clinicName} note={session.note} onSignedIn={onSignedIn} />;
    case 'signedIn':
      break;
  }
  const { profile } = session;
  const common = { slug, clinicName, navigate };
  if (page === 'home') {
    return <HomePage {...common} profile={profile} />;
  }
  if (page === 'my-information') {
    return <MyInformationPage {...common} onSessionEnded={onSessionEnded} />;
  }
  if (page === 'sessions') {
    return <SessionsPage {...common} onSessionEnded={onSessionEnded} />;
  }
  const section = SECTION_PAGES.find((candidate) => candidate === page);
  if (section && profile.sections.includes(section)) {
    return <SectionPage {...common} section={section} />;
  }
  return (
    <PortalPage {...common} title={t('portal.pageNotFound.title')} homeLink={false}>
      <p>{t('portal.pageNotFound.text')}</p>
      <p>
        <a href={portalPath(slug)} onClick={(event) => followLink(event, navigate)}>
          {t('portal.pageNotFound.homeLink')}
        </a>
      </p>
    </PortalPage>
  );
}
