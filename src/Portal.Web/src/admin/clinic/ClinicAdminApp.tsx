import { useCallback, useEffect, useState } from 'react';
import { ApiError, api } from '../../shared/api';
import { errorMessage } from '../../shared/errors';
import { useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey } from '../../shared/i18n/translate';
import { staffApi, type StaffProfile } from '../api';
import { AdminFrame, AdminShell } from '../AdminShell';
import { LoadingPage, MessagePage, PageNotFound } from '../CommonPages';
import { IdTypesPage } from '../patients/IdTypesPage';
import type { PatientChart } from '../patients/api';
import { PatientChartPage } from '../patients/PatientChartPage';
import { PatientFormPage } from '../patients/PatientFormPage';
import { PatientListPage } from '../patients/PatientListPage';
import { isClinicManager } from '../roles';
import { clinicAdminPath, patientPath, type ClinicPage, type ClinicRoute } from '../routes';
import { PortalSettingsPage } from '../settings/PortalSettingsPage';
import { QuietHoursPage } from '../settings/QuietHoursPage';
import { SignInPage } from '../SignInPage';
import { followLink, type Navigate } from '../../shared/useLocationPath';

type Note = 'otherClinic' | 'sessionEnded';

type State =
  | { kind: 'loading' }
  | { kind: 'signedOut'; note: Note | null }
  | { kind: 'signedIn'; profile: StaffProfile }
  | { kind: 'notFound' }
  | { kind: 'error'; error: unknown };

/** A message for the page a save led to ("Patient created."), shown while that page stays open. */
interface Notice {
  path: string;
  key: string;
}

interface Props {
  route: ClinicRoute;
  /** The address's query string (the patient list keeps its search there). */
  search: string;
  navigate: Navigate;
}

const PATIENT_PAGES: readonly ClinicPage[] = ['patients', 'patients/new', 'patient', 'patient/edit'];

/** The clinic admin app: /{clinic}/admin/... */
export function ClinicAdminApp({ route, search, navigate }: Props) {
  const { slug, page } = route;
  const { t, setClinicDefault } = useI18n();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [clinicName, setClinicName] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const currentPath = page === 'patient' && route.patientId ? patientPath(slug, route.patientId, route.tab) : null;

  // A notice belongs to the page it was made for: leaving that page drops it.
  useEffect(() => {
    if (notice && notice.path !== currentPath) {
      setNotice(null);
    }
  }, [notice, currentPath]);

  const onPatientSaved = useCallback(
    (chart: PatientChart, created: boolean) => {
      const path = patientPath(slug, chart.id);
      setNotice({ path, key: created ? msgKey('patients.created') : msgKey('patients.saved') });
      navigate(path);
    },
    [slug, navigate],
  );

  const load = useCallback(
    (signal?: AbortSignal) => {
      setState({ kind: 'loading' });
      staffApi.session(slug, signal).then(
        (answer) =>
          setState(
            answer.profile
              ? { kind: 'signedIn', profile: answer.profile }
              : { kind: 'signedOut', note: answer.signedInElsewhere ? 'otherClinic' : null },
          ),
        (error: unknown) => {
          if (signal?.aborted) {
            return;
          }
          if (error instanceof ApiError && error.status === 404) {
            setState({ kind: 'notFound' });
          } else {
            setState({ kind: 'error', error });
          }
        },
      );
    },
    [slug],
  );

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal);
    // The clinic's name and default language, for the pages shown before signing in.
    staffApi.publicClinic(slug, controller.signal).then(
      (clinic) => {
        setClinicName(clinic.clinicName);
        setClinicDefault(clinic.defaultLanguage);
      },
      () => undefined,
    );
    return () => controller.abort();
  }, [slug, load, setClinicDefault]);

  const onSignedIn = (profile: StaffProfile) => {
    api.resetAntiforgery();
    setState({ kind: 'signedIn', profile });
  };
  const onSessionEnded = useCallback(() => {
    api.resetAntiforgery();
    setState({ kind: 'signedOut', note: 'sessionEnded' });
  }, []);

  const place = state.kind === 'signedIn' && state.profile.clinic ? state.profile.clinic.name : (clinicName ?? slug);

  switch (state.kind) {
    case 'loading':
      return (
        <AdminFrame place={place} subtitle={t('admin.product')}>
          <LoadingPage />
        </AdminFrame>
      );
    case 'notFound':
      return (
        <AdminFrame place={t('common.portal')} subtitle={t('admin.product')}>
          <MessagePage title={t('admin.notFound.title')} text={t('admin.notFound.text')} />
        </AdminFrame>
      );
    case 'error':
      return (
        <AdminFrame place={place} subtitle={t('admin.product')}>
          <MessagePage title={t('admin.loadError.title')} text={errorMessage(state.error, t)} alert onRetry={() => load()} />
        </AdminFrame>
      );
    case 'signedOut':
      return (
        <AdminFrame place={place} subtitle={t('admin.product')}>
          <SignInPage
            place={place}
            intro={clinicName ? t('signIn.intro.clinic', { clinic: clinicName }) : t('signIn.intro.clinicUnknown')}
            note={state.note === 'otherClinic' ? t('signIn.otherClinic') : state.note === 'sessionEnded' ? t('signIn.sessionEnded') : null}
            signIn={(credentials) => staffApi.signIn(slug, credentials)}
            onSignedIn={onSignedIn}
          />
        </AdminFrame>
      );
    case 'signedIn': {
      const settingsPath = clinicAdminPath(slug, 'settings/portal');
      const canManage = isClinicManager(state.profile.role);
      return (
        <AdminShell
          place={place}
          subtitle={t('admin.product')}
          profile={state.profile}
          navigate={navigate}
          onSignedOut={() => setState({ kind: 'signedOut', note: null })}
          sections={[
            {
              id: 'clinic',
              title: null,
              items: [{ href: clinicAdminPath(slug, 'patients'), label: t('admin.nav.patients'), current: PATIENT_PAGES.includes(page) }],
            },
            {
              id: 'settings',
              title: t('admin.nav.settings'),
              items: [
                { href: settingsPath, label: t('admin.nav.patientPortal'), current: page === 'settings/portal' },
                { href: clinicAdminPath(slug, 'settings/id-types'), label: t('admin.nav.idTypes'), current: page === 'settings/id-types' },
                {
                  href: clinicAdminPath(slug, 'settings/sms-quiet-hours'),
                  label: t('admin.nav.smsQuietHours'),
                  current: page === 'settings/sms-quiet-hours',
                },
              ],
            },
          ]}
        >
          {page === 'settings/portal' ? (
            <PortalSettingsPage slug={slug} clinicName={place} onSessionEnded={onSessionEnded} />
          ) : page === 'settings/id-types' ? (
            <IdTypesPage slug={slug} clinicName={place} canManage={canManage} navigate={navigate} onSessionEnded={onSessionEnded} />
          ) : page === 'settings/sms-quiet-hours' ? (
            <QuietHoursPage slug={slug} clinicName={place} canManage={canManage} onSessionEnded={onSessionEnded} />
          ) : page === 'patients' ? (
            <PatientListPage slug={slug} clinicName={place} search={search} navigate={navigate} onSessionEnded={onSessionEnded} />
          ) : page === 'patients/new' || (page === 'patient/edit' && route.patientId) ? (
            <PatientFormPage
              key={route.patientId ?? 'new'}
              slug={slug}
              clinicName={place}
              patientId={page === 'patient/edit' ? route.patientId! : null}
              canManage={canManage}
              navigate={navigate}
              onSaved={onPatientSaved}
              onSessionEnded={onSessionEnded}
            />
          ) : page === 'patient' && route.patientId ? (
            <PatientChartPage
              key={route.patientId}
              slug={slug}
              clinicName={place}
              patientId={route.patientId}
              tab={route.tab ?? 'details'}
              navigate={navigate}
              onSessionEnded={onSessionEnded}
              notice={notice && notice.path === currentPath ? notice.key : null}
            />
          ) : (
            <PageNotFound>
              <a href={settingsPath} onClick={(event) => followLink(event, navigate)}>
                {t('admin.pageNotFound.settingsLink')}
              </a>
            </PageNotFound>
          )}
        </AdminShell>
      );
    }
  }
}
