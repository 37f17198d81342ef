import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { formatSize } from '../../shared/format';
import { useI18n } from '../../shared/i18n/I18nProvider';
import type { Translate } from '../../shared/i18n/translate';
import { QueryState } from '../../shared/QueryState';
import { registrationApi, registrationKeys, type DocumentType, type PatientDocument } from '../patients/api';
import { DOCUMENT_TYPE_KEYS, DocumentUpload } from '../patients/DocumentUpload';
import type { Attachment } from './api';

/** The most documents one message carries (the server refuses more). */
export const ATTACHMENTS_MAX = 10;

export function attachmentOf(document: PatientDocument): Attachment {
  return { documentId: document.id, title: document.title, type: document.type, contentType: document.contentType, length: document.size };
}

export function documentTypeName(type: string, t: Translate): string {
  const key = DOCUMENT_TYPE_KEYS[type as DocumentType];
  return key ? t(key) : type;
}

/** Where staff download a chart document (the chart's own download, audited there). */
export function staffDocumentUrl(slug: string, patientId: string, documentId: string): string {
  return `/api/clinics/${encodeURIComponent(slug)}/patients/${encodeURIComponent(patientId)}/documents/${encodeURIComponent(documentId)}/content`;
}

/** A sent message's attachments with download links, as staff read the conversation. */
export function AttachmentList({ slug, patientId, attachments }: { slug: string; patientId: string; attachments: readonly Attachment[] }) {
  const { t, lang } = useI18n();
  if (attachments.length === 0) {
    return null;
  }
  return (
    <ul className="attachment-list" aria-label={t('messaging.attachments.heading')}>
      {attachments.map((attachment) => (
        <li key={attachment.documentId}>
          <a href={staffDocumentUrl(slug, patientId, attachment.documentId)} download>
            {t('messaging.attachments.download', { title: attachment.title })}
          </a>{' '}
          <span className="muted">
            {t('messaging.attachments.details', { type: documentTypeName(attachment.type, t), size: formatSize(attachment.length, lang) })}
          </span>
        </li>
      ))}
    </ul>
  );
}

interface PickerProps {
  slug: string;
  /** Null until the patient is chosen: documents come from their chart. */
  patientId: string | null;
  idPrefix: string;
  selected: readonly Attachment[];
  onChange(next: Attachment[]): void;
  onSessionEnded(): void;
}

/** "Attach from chart" and "Upload to chart" while writing a message, and the documents attached so far. */
export function AttachmentPicker({ slug, patientId, idPrefix, selected, onChange, onSessionEnded }: PickerProps) {
  const { t, lang } = useI18n();
  const [mode, setMode] = useState<'chart' | 'upload' | null>(null);
  const full = selected.length >= ATTACHMENTS_MAX;
  const toggle = (next: 'chart' | 'upload') => setMode((current) => (current === next ? null : next));
  const add = (attachment: Attachment) => {
    if (!full && !selected.some((item) => item.documentId === attachment.documentId)) {
      onChange([...selected, attachment]);
    }
  };
  const remove = (documentId: string) => onChange(selected.filter((item) => item.documentId !== documentId));
  const headingId = `${idPrefix}-heading`;

  return (
    <fieldset className="field attachments" aria-describedby={`${idPrefix}-help`}>
      <legend>{t('messaging.attachments.heading')}</legend>
      <p className="help" id={`${idPrefix}-help`}>
        {patientId ? t('messaging.attachments.help', { max: ATTACHMENTS_MAX }) : t('messaging.attachments.needPatient')}
      </p>
      {selected.length > 0 ? (
        <ul className="attachment-list">
          {selected.map((attachment) => (
            <li key={attachment.documentId}>
              <span>{attachment.title}</span>{' '}
              <span className="muted">
                {t('messaging.attachments.details', { type: documentTypeName(attachment.type, t), size: formatSize(attachment.length, lang) })}
              </span>{' '}
              <button
                type="button"
                className="secondary"
                aria-label={t('messaging.attachments.removeNamed', { title: attachment.title })}
                onClick={() => remove(attachment.documentId)}
              >
                {t('messaging.attachments.remove')}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('messaging.attachments.none')}</p>
      )}
      {patientId && (
        <>
          <div className="form-actions">
            <button
              type="button"
              className="secondary"
              aria-expanded={mode === 'chart'}
              aria-controls={`${idPrefix}-chart`}
              onClick={() => toggle('chart')}
            >
              {t('messaging.attachments.fromChart')}
            </button>
            <button
              type="button"
              className="secondary"
              aria-expanded={mode === 'upload'}
              aria-controls={`${idPrefix}-upload`}
              onClick={() => toggle('upload')}
            >
              {t('messaging.attachments.upload')}
            </button>
          </div>
          {full && <p className="message note">{t('messaging.attachments.full', { max: ATTACHMENTS_MAX })}</p>}
          {mode === 'chart' && (
            <div id={`${idPrefix}-chart`}>
              <ChartDocuments slug={slug} patientId={patientId} idPrefix={idPrefix} selected={selected} full={full} onAdd={add} onRemove={remove} onSessionEnded={onSessionEnded} />
            </div>
          )}
          {mode === 'upload' && (
            <section id={`${idPrefix}-upload`} aria-labelledby={headingId}>
              <h3 id={headingId}>{t('messaging.attachments.upload')}</h3>
              <DocumentUpload
                slug={slug}
                patientId={patientId}
                idPrefix={`${idPrefix}-upload`}
                headingId={headingId}
                nested
                submitLabel={t('messaging.attachments.uploadSubmit')}
                onAdded={(document) => add(attachmentOf(document))}
                onSessionEnded={onSessionEnded}
              />
            </section>
          )}
        </>
      )}
    </fieldset>
  );
}

interface ChartDocumentsProps {
  slug: string;
  patientId: string;
  idPrefix: string;
  selected: readonly Attachment[];
  full: boolean;
  onAdd(attachment: Attachment): void;
  onRemove(documentId: string): void;
  onSessionEnded(): void;
}

/** The patient's chart documents, newest first, each with a box to attach it. */
function ChartDocuments({ slug, patientId, idPrefix, selected, full, onAdd, onRemove, onSessionEnded }: ChartDocumentsProps) {
  const { t, lang } = useI18n();
  const documents = useQuery({
    queryKey: registrationKeys.documents(slug, patientId),
    queryFn: ({ signal }) => registrationApi.documents(slug, patientId, signal).then((answer) => answer.items),
  });
  return (
    <QueryState query={documents} onSessionEnded={onSessionEnded} isEmpty={(items) => items.length === 0} empty={t('messaging.attachments.chartEmpty')}>
      {(items) => (
        <ul className="attachment-choices" aria-label={t('messaging.attachments.fromChart')}>
          {items.map((document) => {
            const id = `${idPrefix}-document-${document.id}`;
            const checked = selected.some((item) => item.documentId === document.id);
            return (
              <li key={document.id} className="check">
                <input
                  id={id}
                  type="checkbox"
                  checked={checked}
                  disabled={!checked && full}
                  onChange={(event) => (event.target.checked ? onAdd(attachmentOf(document)) : onRemove(document.id))}
                />
                <label htmlFor={id}>
                  {document.title}{' '}
                  <span className="muted">
                    {t('messaging.attachments.details', { type: documentTypeName(document.type, t), size: formatSize(document.size, lang) })}
                  </span>
                </label>
              </li>
            );
          })}
        </ul>
      )}
    </QueryState>
  );
}
