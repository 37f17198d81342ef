import { useQuery } from '@tanstack/react-query';
import type { CodeMessages } from '../../shared/errors';
import { formatDate } from '../../shared/format';
import { useDocumentTitle, useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey } from '../../shared/i18n/translate';
import { QueryState } from '../../shared/QueryState';
import { operatorApi } from '../api';
import { DataTable } from '../DataTable';

const LOAD_ERRORS: CodeMessages = { forbidden: msgKey('admin.forbidden') };

/** Every clinic: its address, name, whether its portal is on, and when it was created. */
export function ClinicsPage({ onSessionEnded }: { onSessionEnded(): void }) {
  const { t, lang } = useI18n();
  useDocumentTitle(t('operator.clinics.pageTitle'));
  const clinics = useQuery({ queryKey: ['operator', 'clinics'], queryFn: ({ signal }) => operatorApi.clinics(signal) });

  return (
    <>
      <h1 id="clinics-heading">{t('operator.clinics.heading')}</h1>
      <QueryState
        query={clinics}
        errorMessages={LOAD_ERRORS}
        onSessionEnded={onSessionEnded}
        isEmpty={(list) => list.length === 0}
        empty={t('operator.clinics.empty')}
      >
        {(list) => (
        <DataTable labelledBy="clinics-heading">
          <thead>
            <tr>
              <th scope="col">{t('operator.clinics.address')}</th>
              <th scope="col">{t('operator.clinics.name')}</th>
              <th scope="col">{t('operator.clinics.portal')}</th>
              <th scope="col">{t('operator.clinics.created')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((clinic) => {
              const path = `/${encodeURIComponent(clinic.slug)}/`;
              return (
                <tr key={clinic.id}>
                  <td>
                    <a href={path}>{path}</a>
                  </td>
                  <td>{clinic.name}</td>
                  <td>{clinic.portalEnabled ? t('operator.clinics.on') : t('operator.clinics.off')}</td>
                  <td>{formatDate(clinic.createdAt, lang, clinic.timeZone)}</td>
                </tr>
              );
            })}
          </tbody>
                </DataTable>
        )}
      </QueryState>
    </>
  );
}
