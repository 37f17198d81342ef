import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { errorMessage } from '../../shared/errors';
import { formatDateTime } from '../../shared/format';
import { useClinicZone } from '../../shared/clinicZone';
import { useI18n } from '../../shared/i18n/I18nProvider';
import { QueryState } from '../../shared/QueryState';
import type { Navigate } from '../../shared/useLocationPath';
import { useRowRemoval } from '../../shared/useRowRemoval';
import { PAGE_NAME_KEYS, PortalPage } from '../PortalPage';
import { accountApi, type PatientSession } from './api';

interface Props {
  slug: string;
  clinicName: string;
  navigate: Navigate;
  onSessionEnded(): void;
}

/** Where the patient is signed in (C2, C3): this browser marked, every other one can be ended from here. */
export function SessionsPage({ slug, clinicName, navigate, onSessionEnded }: Props) {
  const { t, lang } = useI18n();
  const zone = useClinicZone();
  const queryClient = useQueryClient();
  const queryKey = ['portal', slug, 'sessions'];
  const sessions = useQuery({ queryKey, queryFn: ({ signal }) => accountApi.sessions(slug, signal) });
  const [status, setStatus] = useState<string | null>(null);
  const listHeading = useRef<HTMLHeadingElement>(null);

  const deviceName = (session: PatientSession) => session.device || t('portal.sessions.unknownDevice');

  const removal = useRowRemoval<PatientSession>({
    run: (session) => accountApi.endSession(slug, session.id),
    goneCodes: ['session_not_found'],
    onStart: () => setStatus(null),
    onRemoved: (session, already) => {
      setStatus(t(already ? 'portal.sessions.alreadyEnded' : 'portal.sessions.ended', { device: deviceName(session) }));
      queryClient.setQueryData<PatientSession[]>(queryKey, (current) => current?.filter((candidate) => candidate.id !== session.id));
      void queryClient.invalidateQueries({ queryKey, refetchType: 'none' });
    },
    focusAfter: () => listHeading.current?.focus(),
    onSessionEnded,
  });
  const ending = removal.removing?.id ?? null;

  return (
    <PortalPage slug={slug} clinicName={clinicName} title={t(PAGE_NAME_KEYS.sessions)} homeLink navigate={navigate}>
      <p>{t('portal.sessions.intro')}</p>
      <div role="status" className="status-region">
        {status && <p className="message success">{status}</p>}
      </div>
      <QueryState query={sessions} onSessionEnded={onSessionEnded}>
        {(list) => (
          <>
            <h3 id="sessions-list-heading" ref={listHeading} tabIndex={-1}>
              {t('portal.sessions.listHeading')}
            </h3>
            {removal.error !== null && (
              <div role="alert" className="message error">
                <p>{errorMessage(removal.error, t)}</p>
              </div>
            )}
            <ul className="portal-sessions" aria-labelledby="sessions-list-heading">
              {list.map((session) => (
                <li key={session.id} className={session.current ? 'portal-session portal-session-current' : 'portal-session'}>
                  <p className="portal-session-device">
                    <strong>{deviceName(session)}</strong>
                    {session.current && <span className="portal-badge">{t('portal.sessions.current')}</span>}
                  </p>
                  <dl className="portal-session-facts">
                    <div>
                      <dt>{t('portal.sessions.signedIn')}</dt>
                      <dd>{formatDateTime(session.createdAt, lang, zone)}</dd>
                    </div>
                    <div>
                      <dt>{t('portal.sessions.lastSeen')}</dt>
                      <dd>{formatDateTime(session.lastSeenAt, lang, zone)}</dd>
                    </div>
                    <div>
                      <dt>{t('portal.sessions.ends')}</dt>
                      <dd>
                        {session.stayLoggedIn
                          ? t('portal.sessions.endsStayLoggedIn', { date: formatDateTime(session.expiresAt, lang, zone) })
                          : t('portal.sessions.endsIdle')}
                      </dd>
                    </div>
                  </dl>
                  {session.current ? (
                    <p className="help">{t('portal.sessions.currentHelp')}</p>
                  ) : (
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => void removal.remove(session)}
                      aria-disabled={ending === session.id ? true : undefined}
                      aria-label={t('portal.sessions.endNamed', {
                        device: deviceName(session),
                        date: formatDateTime(session.createdAt, lang, zone),
                      })}
                    >
                      {t('portal.sessions.end')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
            {list.every((session) => session.current) && <p>{t('portal.sessions.noOthers')}</p>}
          </>
        )}
      </QueryState>
    </PortalPage>
  );
}
