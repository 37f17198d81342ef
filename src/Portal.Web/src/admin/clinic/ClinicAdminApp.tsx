import { useCallback, useEffect, useState } from 'react';
import { ApiError, api } from '../../shared/api';
import { errorMessage } from '../../shared/errors';
import { useI18n } from '../../shared/i18n/I18nProvider';
import { staffApi, type StaffProfile } from '../api';
import { AdminFrame, AdminShell } from '../AdminShell';
import { LoadingPage, MessagePage, PageNotFound } from '../CommonPages';
import { clinicAdminPath, type ClinicPage } from '../routes';
import { PortalSettingsPage } from '../settings/PortalSettingsPage';
import { SignInPage } from '../SignInPage';
import { followLink } from '../useLocationPath';

type Note = 'otherClinic' | 'sessionEnded';

type State =
  | { kind: 'loading' }
  | { kind: 'signedOut'; note: Note | null }
  | { kind: 'signedIn'; profile: StaffProfile }
  | { kind: 'notFound' }
  | { kind: 'error'; error: unknown };

interface Props {
  slug: string;
  page: ClinicPage;
  navigate(path: string): void;
}

/** The clinic admin app: /{clinic}/admin/... */
export function ClinicAdminApp({ slug, page, navigate }: Props) {
  const { t, setClinicDefault } = useI18n();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [clinicName, setClinicName] = useState<string | null>(null);

  const load = useCallback(
    (signal?: AbortSignal) => {
      setState({ kind: 'loading' });
      staffApi.me(slug, signal).then(
        (profile) => setState({ kind: 'signedIn', profile }),
        (error: unknown) => {
          if (signal?.aborted) {
            return;
          }
          if (error instanceof ApiError && error.status === 401) {
            setState({ kind: 'signedOut', note: null });
          } else if (error instanceof ApiError && error.status === 403) {
            setState({ kind: 'signedOut', note: 'otherClinic' });
          } else if (error instanceof ApiError && error.status === 404) {
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
      return (
        <AdminShell
          place={place}
          subtitle={t('admin.product')}
          profile={state.profile}
          navigate={navigate}
          onSignedOut={() => setState({ kind: 'signedOut', note: null })}
          sections={[
            {
              id: 'settings',
              title: t('admin.nav.settings'),
              items: [{ href: settingsPath, label: t('admin.nav.patientPortal'), current: page === 'settings/portal' }],
            },
          ]}
        >
          {page === 'settings/portal' ? (
            <PortalSettingsPage slug={slug} clinicName={place} onSessionEnded={onSessionEnded} />
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
