import { useQuery } from '@tanstack/react-query';
import { type CodeMessages } from '../../shared/errors';
import { formatCalendarDate, formatSize } from '../../shared/format';
import { useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey } from '../../shared/i18n/translate';
import { QueryState } from '../../shared/QueryState';
import { UploadRequestForm } from '../messaging/uploadRequest/UploadRequestForm';
import { conversationAdminPath } from '../routes';
import { registrationApi, registrationKeys, type DocumentType } from './api';
import { DOCUMENT_TYPE_KEYS, DocumentUpload } from './DocumentUpload';
import { DataTable } from '../DataTable';

export { DOCUMENT_TYPE_KEYS, formatSize };

const LIST_ERRORS: CodeMessages = {
  patient_not_found: msgKey('patients.notFound.text'),
  forbidden: msgKey('admin.forbidden'),
};

/** The chart's documents, newest first (photos with their thumbnail, and marked when they wait for the visit), the form that adds one, and the request for photos. */
export function DocumentsTab({ slug, patientId, onSessionEnded }: { slug: string; patientId: string; onSessionEnded(): void }) {
  const { t, lang } = useI18n();
  const documents = useQuery({
    queryKey: registrationKeys.documents(slug, patientId),
    queryFn: ({ signal }) => registrationApi.documents(slug, patientId, signal).then((answer) => answer.items),
  });

  return (
    <>
      <h2 id="patient-documents-heading">{t('documents.heading')}</h2>
      <p>{t('documents.intro')}</p>
      <QueryState
        query={documents}
        errorMessages={LIST_ERRORS}
        onSessionEnded={onSessionEnded}
        isEmpty={(items) => items.length === 0}
        empty={t('documents.empty')}
      >
        {(items) => (
          <DataTable labelledBy="patient-documents-heading">
            <thead>
              <tr>
                <th scope="col">{t('documents.field.date')}</th>
                <th scope="col">{t('documents.field.type')}</th>
                <th scope="col">{t('documents.field.title')}</th>
                <th scope="col">{t('documents.field.source')}</th>
                <th scope="col">{t('documents.field.size')}</th>
                <th scope="col">{t('documents.download')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  <td className="nowrap-wide">{formatCalendarDate(item.date, lang)}</td>
                  <td>{DOCUMENT_TYPE_KEYS[item.type as DocumentType] ? t(DOCUMENT_TYPE_KEYS[item.type as DocumentType]) : item.type}</td>
                  <td>
                    {item.thumbnailUrl && (
                      <>
                        <img
                          className="document-thumbnail"
                          src={item.thumbnailUrl}
                          alt={t('documents.thumbnailOf', { title: item.title })}
                          loading="lazy"
                          style={{ display: 'block', maxWidth: '8rem', maxHeight: '8rem', height: 'auto' }}
                        />{' '}
                      </>
                    )}
                    {item.title}
                    {item.forReviewAtVisit && (
                      <>
                        {' '}
                        <span className="badge">{t('documents.forReview')}</span>
                      </>
                    )}
                  </td>
                  <td>{item.source ?? <span className="muted">{t('patients.none')}</span>}</td>
                  <td className="nowrap-wide">{formatSize(item.size, lang)}</td>
                  <td>
                    <a href={item.downloadUrl} download aria-label={t('documents.downloadNamed', { title: item.title })}>
                      {t('documents.download')}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
                    </DataTable>
        )}
      </QueryState>

      <section className="settings-form" aria-labelledby="document-add-heading">
        <h3 id="document-add-heading">{t('documents.add.heading')}</h3>
        <DocumentUpload slug={slug} patientId={patientId} idPrefix="document" headingId="document-add-heading" onSessionEnded={onSessionEnded} />
      </section>

      <section className="settings-form" aria-labelledby="upload-request-heading">
        <h3 id="upload-request-heading">{t('uploadRequest.heading')}</h3>
        <UploadRequestForm
          slug={slug}
          patientId={patientId}
          onSessionEnded={onSessionEnded}
          conversationHref={(conversationId) => conversationAdminPath(slug, conversationId)}
        />
      </section>
    </>
  );
}
