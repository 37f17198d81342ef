import { useCallback, useEffect, useState } from 'react';
import { api } from '../../shared/api';
import { errorMessage } from '../../shared/errors';
import { useI18n } from '../../shared/i18n/I18nProvider';
import { operatorApi, type StaffProfile } from '../api';
import { AdminFrame, AdminShell } from '../AdminShell';
import { LoadingPage, MessagePage, PageNotFound } from '../CommonPages';
import { operatorPath, type OperatorPage } from '../routes';
import { SignInPage } from '../SignInPage';
import { followLink } from '../../shared/useLocationPath';
import { ClinicsPage } from './ClinicsPage';
import { NotificationsPage } from './NotificationsPage';

/** The Hangfire Dashboard, which the server serves to operators. */
const JOBS_DASHBOARD_PATH = '/admin/hangfire';

type Note = 'notOperator' | 'sessionEnded';

type State =
  | { kind: 'loading' }
  | { kind: 'signedOut'; note: Note | null }
  | { kind: 'signedIn'; profile: StaffProfile }
  | { kind: 'error'; error: unknown };

/** The operator console: /admin/... */
export function OperatorApp({ page, navigate }: { page: OperatorPage; navigate(path: string): void }) {
  const { t } = useI18n();
  const [state, setState] = useState<State>({ kind: 'loading' });

  const load = useCallback((signal?: AbortSignal) => {
    setState({ kind: 'loading' });
    operatorApi.session(signal).then(
      (answer) =>
        setState(
          answer.profile
            ? { kind: 'signedIn', profile: answer.profile }
            : { kind: 'signedOut', note: answer.signedInElsewhere ? 'notOperator' : null },
        ),
      (error: unknown) => {
        if (!signal?.aborted) {
          setState({ kind: 'error', error });
        }
      },
    );
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal);
    return () => controller.abort();
  }, [load]);

  const onSessionEnded = useCallback(() => {
    api.resetAntiforgery();
    setState({ kind: 'signedOut', note: 'sessionEnded' });
  }, []);

  const place = t('common.portal');
  const subtitle = t('admin.operatorConsole.short');

  switch (state.kind) {
    case 'loading':
      return (
        <AdminFrame place={place} subtitle={subtitle}>
          <LoadingPage />
        </AdminFrame>
      );
    case 'error':
      return (
        <AdminFrame place={place} subtitle={subtitle}>
          <MessagePage title={t('admin.loadError.title')} text={errorMessage(state.error, t)} alert onRetry={() => load()} />
        </AdminFrame>
      );
    case 'signedOut':
      return (
        <AdminFrame place={place} subtitle={subtitle}>
          <SignInPage
            place={t('admin.operatorConsole')}
            intro={t('signIn.intro.operator')}
            note={state.note === 'notOperator' ? t('signIn.notOperator') : state.note === 'sessionEnded' ? t('signIn.sessionEnded') : null}
            signIn={operatorApi.signIn}
            onSignedIn={(profile) => {
              api.resetAntiforgery();
              setState({ kind: 'signedIn', profile });
            }}
          />
        </AdminFrame>
      );
    case 'signedIn': {
      const clinicsPath = operatorPath('clinics');
      const item = (target: Exclude<OperatorPage, 'notFound'>, label: string) => ({
        href: operatorPath(target),
        label,
        current: page === target,
      });
      return (
        <AdminShell
          place={place}
          subtitle={subtitle}
          profile={state.profile}
          navigate={navigate}
          onSignedOut={() => setState({ kind: 'signedOut', note: null })}
          wide={page === 'notifications'}
          sections={[
            {
              id: 'operator',
              title: null,
              items: [
                item('clinics', t('admin.nav.clinics')),
                { href: JOBS_DASHBOARD_PATH, label: t('admin.nav.jobs'), current: false, external: true },
                item('notifications', t('admin.nav.notifications')),
              ],
            },
          ]}
        >
          {page === 'clinics' ? (
            <ClinicsPage onSessionEnded={onSessionEnded} />
          ) : page === 'notifications' ? (
            <NotificationsPage onSessionEnded={onSessionEnded} />
          ) : (
            <PageNotFound>
              <a href={clinicsPath} onClick={(event) => followLink(event, navigate)}>
                {t('admin.pageNotFound.clinicsLink')}
              </a>
            </PageNotFound>
          )}
        </AdminShell>
      );
    }
  }
}
