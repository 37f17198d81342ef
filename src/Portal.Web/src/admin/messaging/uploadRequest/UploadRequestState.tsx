import { formatDateTime } from '../../../shared/format';
import { useClinicZone } from '../../../shared/clinicZone';
import { useI18n } from '../../../shared/i18n/I18nProvider';
import { followLink, type Navigate } from '../../../shared/useLocationPath';
import { patientPath } from '../../routes';
import type { Attachment, StaffMessage } from '../api';
import { staffDocumentUrl } from '../Attachments';

type UploadRequest = NonNullable<StaffMessage['uploadRequest']>;

/** Open, Answered, Expired or Closed, in words. */
export function UploadRequestBadge({ state }: { state: string }) {
  const { t } = useI18n();
  switch (state) {
    case 'open':
      return <span className="badge badge-ok">{t('uploadRequest.state.open')}</span>;
    case 'answered':
      return <span className="badge badge-ok">{t('uploadRequest.state.answered')}</span>;
    case 'expired':
      return <span className="badge badge-neutral">{t('uploadRequest.state.expired')}</span>;
    default:
      return <span className="badge badge-neutral">{t('uploadRequest.state.closed')}</span>;
  }
}

/** Under the request: where it stands, how many photos it asked for and until when, or how many it received. */
export function UploadRequestFacts({ request, photos }: { request: UploadRequest; photos: number }) {
  const { t, lang } = useI18n();
  const zone = useClinicZone();
  const until = formatDateTime(request.expiresAt, lang, zone);
  const sentence =
    request.state === 'answered'
      ? photos === 1
        ? t('uploadRequest.facts.answered.one', { date: formatDateTime(request.answeredAt ?? request.expiresAt, lang, zone) })
        : t('uploadRequest.facts.answered.other', { count: photos, date: formatDateTime(request.answeredAt ?? request.expiresAt, lang, zone) })
      : request.state === 'open'
        ? t('uploadRequest.facts.open', { max: request.photosMax, date: until })
        : request.state === 'expired'
          ? t('uploadRequest.facts.expired', { date: until })
          : t('uploadRequest.facts.closed');
  return (
    <p className="upload-request-facts">
      <strong>{t('uploadRequest.facts.label')}</strong> <UploadRequestBadge state={request.state} /> {sentence}
    </p>
  );
}

interface GalleryProps {
  slug: string;
  patientId: string;
  photos: readonly Attachment[];
  navigate: Navigate;
}

/** The patient's photos as thumbnails, each a download from the chart, with the way to the chart's documents where they wait for the visit. */
export function PhotoGallery({ slug, patientId, photos, navigate }: GalleryProps) {
  const { t } = useI18n();
  if (photos.length === 0) {
    return null;
  }
  const base = `/api/clinics/${encodeURIComponent(slug)}/patients/${encodeURIComponent(patientId)}/documents`;
  return (
    <>
      <ul className="photo-gallery" aria-label={t('uploadRequest.photos.heading')}>
        {photos.map((photo) => (
          <li key={photo.documentId}>
            <img
              src={`${base}/${encodeURIComponent(photo.documentId)}/thumbnail`}
              alt={t('documents.thumbnailOf', { title: photo.title })}
              loading="lazy"
              style={{ display: 'block', maxWidth: '10rem', maxHeight: '10rem', height: 'auto' }}
            />
            <a href={staffDocumentUrl(slug, patientId, photo.documentId)} download>
              {t('messaging.attachments.download', { title: photo.title })}
            </a>
          </li>
        ))}
      </ul>
      <p>
        <span className="badge">{t('documents.forReview')}</span>{' '}
        <a href={patientPath(slug, patientId, 'documents')} onClick={(event) => followLink(event, navigate)}>
          {t('uploadRequest.photos.inChart')}
        </a>
      </p>
    </>
  );
}
