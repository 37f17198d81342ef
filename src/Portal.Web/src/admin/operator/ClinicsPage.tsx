import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../../shared/api';
import { errorMessage } from '../../shared/errors';
import { formatDate } from '../../shared/format';
import { useDocumentTitle, useI18n } from '../../shared/i18n/I18nProvider';
import { Loading } from '../../shared/Status';
import { operatorApi, type ClinicListItem } from '../api';
import { msgKey } from '../../shared/i18n/translate';

/** Every clinic: its address, name, whether its portal is on, and when it was created. */
export function ClinicsPage({ onSessionEnded }: { onSessionEnded(): void }) {
  const { t, lang } = useI18n();
  useDocumentTitle(t('operator.clinics.pageTitle'));
  const [clinics, setClinics] = useState<ClinicListItem[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(
    (signal?: AbortSignal) => {
      setError(null);
      operatorApi.clinics(signal).then(setClinics, (caught: unknown) => {
        if (signal?.aborted) {
          return;
        }
        if (caught instanceof ApiError && caught.status === 401) {
          onSessionEnded();
        } else {
          setError(caught);
        }
      });
    },
    [onSessionEnded],
  );

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal);
    return () => controller.abort();
  }, [load]);

  return (
    <>
      <h1 id="clinics-heading">{t('operator.clinics.heading')}</h1>
      {error !== null ? (
        <>
          <div role="alert" className="message error">
            <p>{errorMessage(error, t, { forbidden: msgKey('admin.forbidden') })}</p>
          </div>
          <button type="button" onClick={() => load()}>
            {t('common.tryAgain')}
          </button>
        </>
      ) : clinics === null ? (
        <Loading />
      ) : clinics.length === 0 ? (
        <p>{t('operator.clinics.empty')}</p>
      ) : (
        <div className="table-scroll" role="region" aria-labelledby="clinics-heading" tabIndex={0}>
          <table className="data-table" aria-labelledby="clinics-heading">
            <thead>
              <tr>
                <th scope="col">{t('operator.clinics.address')}</th>
                <th scope="col">{t('operator.clinics.name')}</th>
                <th scope="col">{t('operator.clinics.portal')}</th>
                <th scope="col">{t('operator.clinics.created')}</th>
              </tr>
            </thead>
            <tbody>
              {clinics.map((clinic) => {
                const path = `/${encodeURIComponent(clinic.slug)}/`;
                return (
                  <tr key={clinic.id}>
                    <td>
                      <a href={path}>{path}</a>
                    </td>
                    <td>{clinic.name}</td>
                    <td>{clinic.portalEnabled ? t('operator.clinics.on') : t('operator.clinics.off')}</td>
                    <td>{formatDate(clinic.createdAt, lang)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
