import { useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../shared/api';
import { errorMessage } from '../shared/errors';
import { QueryState } from '../shared/QueryState';
import { useI18n } from '../shared/i18n/I18nProvider';
import { LanguageSwitch } from '../shared/LanguageSwitch';
import { followLink, useLocationPath, type Navigate } from '../shared/useLocationPath';
import { accountApi, type PatientPortalSession, type PatientProfile } from './account/api';
import { MyInformationPage } from './account/MyInformationPage';
import { SessionsPage } from './account/SessionsPage';
import { getPublicPortal } from './api';
import { ClinicZoneProvider } from '../shared/clinicZone';
import { AppointmentPage } from './appointments/AppointmentPage';
import { AppointmentsPage } from './appointments/AppointmentsPage';
import { ChangeAppointmentPage } from './appointments/ChangeAppointmentPage';
import { NewAppointmentPage } from './appointments/NewAppointmentPage';
import { QuestionnairePage } from './questionnaires/QuestionnairePage';
import { ConversationPage } from './conversations/ConversationPage';
import { MessagesPage } from './conversations/MessagesPage';
import { HomePage } from './home/HomePage';
import { LinkPage } from './link/LinkPage';
import { DocumentTitle, PortalPage } from './PortalPage';
import { SECTION_PAGES, parsePortalPath, portalPath, type PortalRoute } from './routes';
import { RegisterPage } from './register/RegisterPage';
import { SectionPage } from './sections/SectionPage';
import { BillPage, BillsPage } from './bills/BillsPage';
import { SignInPage, type SignInNote } from './signIn/SignInPage';
import { Loading } from '../shared/Status';

// The visit pages carry the video call and its SignalR client: loaded only when a visit page is opened.
const PatientVisitPage = lazy(() => import('./visit/VisitPage').then((module) => ({ default: module.PatientVisitPage })));
const ProviderVisitPage = lazy(() => import('./visit/VisitPage').then((module) => ({ default: module.ProviderVisitPage })));

type Session =
  | { kind: 'checking' }
  | { kind: 'signedOut'; note: SignInNote | null }
  | { kind: 'signedIn'; profile: PatientProfile }
  | { kind: 'error' };

/**
 * The patient portal of one clinic, /{clinic}/ and the pages under it. Signed out, every address
 * shows the sign-in page, and the page asked for once signed in.
 */
export function PortalApp() {
  const { t, setClinicDefault, setPreferredLanguage } = useI18n();
  const queryClient = useQueryClient();
  const [path, navigate] = useLocationPath();
  const { route, canonical } = parsePortalPath(path);
  const slug = route?.slug ?? null;
  const [note, setNote] = useState<SignInNote | null>(null);
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

  const portalQuery = useQuery({
    queryKey: ['portal', slug, 'public'],
    queryFn: ({ signal }) => getPublicPortal(slug!, signal),
    enabled: slug !== null,
  });
  const portal = portalQuery.data;
  // With the portal off there is nothing to sign in to: the page says so and asks nothing more.
  const sessionQuery = useQuery({
    queryKey: sessionKey(slug),
    queryFn: ({ signal }) => accountApi.session(slug!, signal),
    enabled: slug !== null && portal?.portalEnabled === true,
  });

  useEffect(() => {
    if (portal) {
      setClinicDefault(portal.defaultLanguage);
    }
  }, [portal, setClinicDefault]);

  const notFound =
    slug === null ||
    (portalQuery.error instanceof ApiError && (portalQuery.error.status === 404 || portalQuery.error.code === 'clinic_not_found'));
  const session: Session = sessionQuery.data
    ? sessionQuery.data.patient
      ? { kind: 'signedIn', profile: sessionQuery.data.patient }
      : { kind: 'signedOut', note }
    : sessionQuery.isError
      ? { kind: 'error' }
      : { kind: 'checking' };

  const preferredLanguage = session.kind === 'signedIn' ? session.profile.language : null;
  useEffect(() => {
    setPreferredLanguage(preferredLanguage);
  }, [preferredLanguage, setPreferredLanguage]);

  /** Drops everything cached about the patient: what another person at this browser must not see. */
  const signedOut = useCallback(
    (reason: SignInNote) => {
      api.resetAntiforgery();
      pendingFocus.current = true;
      setNote(reason);
      queryClient.removeQueries({
        predicate: (query) => query.queryKey[0] === 'portal' && query.queryKey[2] !== 'public' && query.queryKey[2] !== 'session',
      });
      queryClient.setQueryData(sessionKey(slug), { signedIn: false, patient: null });
    },
    [queryClient, slug],
  );

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
    pendingFocus.current = true;
    setNote(null);
    void queryClient.resetQueries({ queryKey: sessionKey(slug) });
  }, [queryClient, slug]);

  const onSessionEnded = useCallback(() => signedOut('sessionEnded'), [signedOut]);

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
    setSigningOut(false);
    signedOut('loggedOut');
    navigate(portalPath(slug));
  };

  const heading = portal ? portal.clinicName : notFound ? t('portal.notFound.title') : portalQuery.isError ? t('portal.error.title') : t('portal.title');
  const watermark = portal?.backgroundImageUrl ?? null;
  const signedIn = portal?.portalEnabled === true && session.kind === 'signedIn';

  return (
    <ClinicZoneProvider zone={portal?.timeZone ?? null}>
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
            {notFound ? (
              <>
                <DocumentTitle title={`${t('portal.notFound.title')} – ${t('common.portal')}`} />
                <p className="portal-lead">{t('portal.notFound.text')}</p>
                <p>{t('portal.notFound.check')}</p>
              </>
            ) : (
              <>
                {!portal && (
                  <DocumentTitle title={`${portalQuery.isError ? t('portal.error.title') : t('portal.title')} – ${t('common.portal')}`} />
                )}
                <QueryState query={portalQuery}>
                  {(loaded) =>
                    !loaded.portalEnabled && route?.page !== 'visit' && route?.page !== 'provider-visit' ? (
                      <section aria-labelledby="portal-off">
                        <DocumentTitle title={t('portal.pageTitle', { clinic: loaded.clinicName })} />
                        <h2 id="portal-off">{t('portal.off.heading')}</h2>
                        <p>{t('portal.off.text', { clinic: loaded.clinicName })}</p>
                        <p>{t('portal.off.contact')}</p>
                      </section>
                    ) : route?.page === 'visit' && route.roomId ? (
                      <Suspense fallback={<Loading />}>
                        <PatientVisitPage key={route.roomId} slug={route.slug} clinicName={loaded.clinicName} room={route.roomId} />
                      </Suspense>
                    ) : route?.page === 'provider-visit' && route.appointmentId ? (
                      <Suspense fallback={<Loading />}>
                        <ProviderVisitPage key={route.appointmentId} slug={route.slug} clinicName={loaded.clinicName} appointmentId={route.appointmentId} />
                      </Suspense>
                    ) : route?.page === 'register' ? (
                      <RegisterPage slug={route.slug} portal={loaded} />
                    ) : (
                      route && (
                        <SessionContent
                          route={route}
                          clinicName={loaded.clinicName}
                          session={session}
                          sessionQuery={sessionQuery}
                          navigate={navigate}
                          onSignedIn={onSignedIn}
                          onSessionEnded={onSessionEnded}
                        />
                      )
                    )
                  }
                </QueryState>
              </>
            )}
          </div>
        </main>
      </div>
    </ClinicZoneProvider>
  );
}

interface ContentProps {
  route: PortalRoute;
  clinicName: string;
  session: Session;
  sessionQuery: UseQueryResult<PatientPortalSession>;
  navigate: Navigate;
  onSignedIn(): void;
  onSessionEnded(): void;
}

const sessionKey = (slug: string | null) => ['portal', slug, 'session'];

/** What the address shows, signed in or not. */
function SessionContent({ route, clinicName, session, sessionQuery, navigate, onSignedIn, onSessionEnded }: ContentProps) {
  const { t } = useI18n();
  const { slug, page } = route;
  if (page === 'link' && route.token) {
    // A notification link asks for its own details, signed in or not: it may be for someone else at this browser.
    return <LinkPage slug={slug} token={route.token} clinicName={clinicName} navigate={navigate} onSignedIn={onSignedIn} />;
  }
  switch (session.kind) {
    case 'checking':
    case 'error':
      return (
        <>
          <DocumentTitle title={t('portal.pageTitle', { clinic: clinicName })} />
          <QueryState query={sessionQuery}>{() => null}</QueryState>
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
  const messaging = profile.sections.includes('messages');
  if (page === 'messages' && messaging) {
    return <MessagesPage {...common} onSessionEnded={onSessionEnded} />;
  }
  if (page === 'conversation' && messaging && route.conversationId) {
    return <ConversationPage key={route.conversationId} {...common} conversationId={route.conversationId} onSessionEnded={onSessionEnded} />;
  }
  const appointments = profile.sections.includes('appointments');
  if (page === 'appointments' && appointments) {
    return <AppointmentsPage {...common} onSessionEnded={onSessionEnded} />;
  }
  if (page === 'new-appointment' && appointments) {
    return <NewAppointmentPage {...common} onSessionEnded={onSessionEnded} />;
  }
  if (page === 'appointment' && appointments && route.appointmentId) {
    return <AppointmentPage key={route.appointmentId} {...common} appointmentId={route.appointmentId} onSessionEnded={onSessionEnded} />;
  }
  if (page === 'questionnaire' && appointments && route.appointmentId && route.questionnaireId) {
    return (
      <QuestionnairePage
        key={`${route.appointmentId}/${route.questionnaireId}`}
        {...common}
        task={{ appointmentId: route.appointmentId, questionnaireId: route.questionnaireId }}
        onSessionEnded={onSessionEnded}
      />
    );
  }
  if (page === 'questionnaire' && route.sentId) {
    return <QuestionnairePage key={route.sentId} {...common} task={{ sentId: route.sentId }} onSessionEnded={onSessionEnded} />;
  }
  if (page === 'change-appointment' && appointments && route.appointmentId) {
    return <ChangeAppointmentPage key={route.appointmentId} {...common} appointmentId={route.appointmentId} onSessionEnded={onSessionEnded} />;
  }
  const bills = profile.sections.includes('bills');
  if (page === 'bills' && bills) {
    return <BillsPage {...common} onSessionEnded={onSessionEnded} />;
  }
  if (page === 'bill' && bills && route.billId) {
    return <BillPage key={route.billId} {...common} billId={route.billId} onSessionEnded={onSessionEnded} />;
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
