import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { api } from '../../shared/api';
import { useI18n } from '../../shared/i18n/I18nProvider';
import { operatorApi, type StaffProfile } from '../api';
import { AdminFrame, AdminShell } from '../AdminShell';
import { PageNotFound, SessionCheckPage } from '../CommonPages';
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
  const queryClient = useQueryClient();
  const sessionQuery = useQuery({ queryKey: ['operator', 'session'], queryFn: ({ signal }) => operatorApi.session(signal) });
  const [note, setNote] = useState<Note | null>(null);
  const session = sessionQuery.data;
  const state: State = session
    ? session.profile
      ? { kind: 'signedIn', profile: session.profile }
      : { kind: 'signedOut', note: session.signedInElsewhere ? 'notOperator' : note }
    : sessionQuery.isError
      ? { kind: 'error', error: sessionQuery.error }
      : { kind: 'loading' };

  /** Signed in or out: nothing cached for the last person stays, and the session check answers at once. */
  const setSession = useCallback(
    (profile: StaffProfile | null, next: Note | null) => {
      api.resetAntiforgery();
      setNote(next);
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] === 'operator' && query.queryKey[1] !== 'session' });
      queryClient.setQueryData(['operator', 'session'], { signedIn: profile !== null, signedInElsewhere: false, profile });
    },
    [queryClient],
  );

  const onSessionEnded = useCallback(() => setSession(null, 'sessionEnded'), [setSession]);

  const place = t('common.portal');
  const subtitle = t('admin.operatorConsole.short');

  switch (state.kind) {
    case 'loading':
      return (
        <AdminFrame place={place} subtitle={subtitle}>
          <SessionCheckPage query={sessionQuery} />
        </AdminFrame>
      );
    case 'error':
      return (
        <AdminFrame place={place} subtitle={subtitle}>
          <SessionCheckPage query={sessionQuery} />
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
            onSignedIn={(profile) => setSession(profile, null)}
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
          onSignedOut={() => setSession(null, null)}
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
