import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../shared/api';
import { errorMessage } from '../shared/errors';
import { useDocumentTitle, useI18n } from '../shared/i18n/I18nProvider';
import { LanguageSwitch } from '../shared/LanguageSwitch';
import { Loading } from '../shared/Status';
import { getPublicPortal, type PublicPortal } from './api';

type State =
  | { kind: 'loading' }
  | { kind: 'ready'; portal: PublicPortal }
  | { kind: 'notFound' }
  | { kind: 'error'; error: unknown };

/** The patient portal of one clinic: /{clinic}/. */
export function PortalApp({ slug }: { slug: string | null }) {
  const { t, setClinicDefault } = useI18n();
  const [state, setState] = useState<State>({ kind: 'loading' });

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
          setState({ kind: 'ready', portal });
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
    [slug, setClinicDefault],
  );

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal);
    return () => controller.abort();
  }, [load]);

  const clinicName = state.kind === 'ready' ? state.portal.clinicName : null;
  const heading =
    state.kind === 'ready'
      ? state.portal.clinicName
      : state.kind === 'notFound'
        ? t('portal.notFound.title')
        : state.kind === 'error'
          ? t('portal.error.title')
          : t('portal.title');

  useDocumentTitle(clinicName ? t('portal.pageTitle', { clinic: clinicName }) : `${heading} – ${t('common.portal')}`);

  const watermark = state.kind === 'ready' ? state.portal.backgroundImageUrl : null;

  return (
    <div className="portal">
      {watermark && <img className="portal-watermark" src={watermark} alt="" aria-hidden="true" />}
      <header className="portal-header">
        <h1 className="portal-clinic">{heading}</h1>
        <LanguageSwitch />
      </header>
      <main className="portal-main" id="main">
        <div className="portal-card">
          {state.kind === 'loading' && <Loading />}
          {state.kind === 'ready' && state.portal.portalEnabled && (
            <section aria-labelledby="portal-welcome">
              <h2 id="portal-welcome">{t('portal.welcome.heading')}</h2>
              <p>{t('portal.welcome.text', { clinic: state.portal.clinicName })}</p>
              <p>{t('portal.welcome.soon')}</p>
            </section>
          )}
          {state.kind === 'ready' && !state.portal.portalEnabled && (
            <section aria-labelledby="portal-off">
              <h2 id="portal-off">{t('portal.off.heading')}</h2>
              <p>{t('portal.off.text', { clinic: state.portal.clinicName })}</p>
              <p>{t('portal.off.contact')}</p>
            </section>
          )}
          {state.kind === 'notFound' && (
            <>
              <p className="portal-lead">{t('portal.notFound.text')}</p>
              <p>{t('portal.notFound.check')}</p>
            </>
          )}
          {state.kind === 'error' && (
            <>
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
