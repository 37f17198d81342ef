import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent, type KeyboardEvent, type ReactElement } from 'react';
import { ApiError } from '../../shared/api';
import { errorMessage, type CodeMessages } from '../../shared/errors';
import { FieldError, describedBy } from '../../shared/FieldError';
import { useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey } from '../../shared/i18n/translate';
import { DOCUMENT_TYPES, registrationApi, registrationKeys, type DocumentType, type NewDocument, type PatientDocument } from './api';

/** The types' names, as staff pick them. */
export const DOCUMENT_TYPE_KEYS: Record<DocumentType, string> = {
  lab_requisition: msgKey('documents.type.lab_requisition'),
  lab_result: msgKey('documents.type.lab_result'),
  form: msgKey('documents.type.form'),
  encounter_note: msgKey('documents.type.encounter_note'),
  invoice: msgKey('documents.type.invoice'),
  educational_video: msgKey('documents.type.educational_video'),
  questionnaire_data: msgKey('documents.type.questionnaire_data'),
  photo: msgKey('documents.type.photo'),
  other: msgKey('documents.type.other'),
};

/** What the file picker offers; the server decides the type from the content whatever the picker allowed. */
const ACCEPT = 'application/pdf,image/png,image/jpeg,image/webp,video/mp4,video/webm,text/plain,.pdf,.png,.jpg,.jpeg,.webp,.mp4,.webm,.txt';

const ADD_ERRORS: CodeMessages = {
  patient_not_found: msgKey('patients.notFound.text'),
  forbidden: msgKey('admin.forbidden'),
  empty_upload: msgKey('documents.error.empty'),
  file_required: msgKey('documents.error.fileRequired'),
  unsupported_document_type: msgKey('documents.error.unsupported'),
  declared_type_mismatch: msgKey('documents.error.mismatch'),
  document_too_large: msgKey('documents.error.tooLarge'),
  payload_too_large: msgKey('documents.error.tooLarge'),
  document_type_unknown: msgKey('documents.error.type'),
  document_title_length: msgKey('documents.error.title'),
  document_source_length: msgKey('documents.error.source'),
  document_date_invalid: msgKey('documents.error.date'),
  document_date_too_early: msgKey('documents.error.dateTooEarly'),
};

type Field = 'file' | 'type' | 'title' | 'date' | 'source';

/** Which field each refusal is about, so its message sits next to it. */
const ERROR_FIELDS: Record<string, Field> = {
  empty_upload: 'file',
  file_required: 'file',
  unsupported_document_type: 'file',
  declared_type_mismatch: 'file',
  document_too_large: 'file',
  payload_too_large: 'file',
  document_type_unknown: 'type',
  document_title_length: 'title',
  document_source_length: 'source',
  document_date_invalid: 'date',
  document_date_too_early: 'date',
};

const EMPTY_FORM: NewDocument = { type: 'lab_result', title: '', date: '', source: '' };

interface Props {
  slug: string;
  patientId: string;
  /** Makes the fields' ids unique on the page ("document" on the chart, "compose-upload" when writing a message). */
  idPrefix: string;
  /** The heading above the fields, for their group's name. */
  headingId: string;
  /** Inside another form (a message being written): the fields are a group and upload with their own button, not a form. */
  nested?: boolean;
  submitLabel?: string;
  onAdded?(document: PatientDocument): void;
  onSessionEnded(): void;
}

/**
 * Adds a document to a patient's chart: file, type, title, date and source, checked here and by the server
 * (type from the content, size limits). Used by the chart's Documents tab and by "Upload to chart" when writing a message.
 */
export function DocumentUpload({ slug, patientId, idPrefix, headingId, nested, submitLabel, onAdded, onSessionEnded }: Props) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<NewDocument>(EMPTY_FORM);
  const [file, setFile] = useState<File | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const [local, setLocal] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [added, setAdded] = useState<string | null>(null);
  const idOf = (field: Field) => `${idPrefix}-${field}`;

  const upload = async () => {
    if (saving) {
      return;
    }
    const problems: Partial<Record<Field, string>> = {};
    if (!file) {
      problems.file = msgKey('documents.error.fileRequired');
    }
    if (!form.title.trim()) {
      problems.title = msgKey('documents.error.title');
    }
    if (!/^\d{4}-\d{2}-\d{2}$/.test(form.date)) {
      problems.date = msgKey('documents.error.date');
    }
    setLocal(problems);
    setError(null);
    setAdded(null);
    const first = (['file', 'title', 'date'] as const).find((field) => problems[field]);
    if (first || !file) {
      document.getElementById(idOf(first ?? 'file'))?.focus();
      return;
    }
    setSaving(true);
    try {
      const saved = await registrationApi.addDocument(slug, patientId, file, { ...form, title: form.title.trim(), source: form.source.trim() });
      await queryClient.invalidateQueries({ queryKey: registrationKeys.documents(slug, patientId) });
      setForm(EMPTY_FORM);
      setFile(null);
      if (fileInput.current) {
        fileInput.current.value = '';
      }
      setAdded(saved.title);
      onAdded?.(saved);
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 401) {
        onSessionEnded();
        return;
      }
      setError(caught);
      const field = caught instanceof ApiError && caught.code ? ERROR_FIELDS[caught.code] : undefined;
      if (field) {
        document.getElementById(idOf(field))?.focus();
      }
    } finally {
      setSaving(false);
    }
  };

  const serverField = error instanceof ApiError && error.code ? ERROR_FIELDS[error.code] : undefined;
  const problemAt = (field: Field): string | null => {
    const key = local[field];
    if (key) {
      return t(key);
    }
    return serverField === field ? errorMessage(error, t, ADD_ERRORS) : null;
  };

  const control = (field: Field, label: string, input: (props: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactElement, help?: string) => {
    const id = idOf(field);
    const problem = problemAt(field);
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        {help && (
          <p className="help" id={`${id}-help`}>
            {help}
          </p>
        )}
        {input({ id, 'aria-invalid': problem ? true : undefined, 'aria-describedby': describedBy(help && `${id}-help`, problem && `${id}-error`) })}
        <FieldError id={`${id}-error`} message={problem} />
      </div>
    );
  };

  const fields = (
    <>
      {control(
        'file',
        t('documents.field.file'),
        (props) => <input {...props} ref={fileInput} type="file" accept={ACCEPT} required onChange={(event) => setFile(event.target.files?.[0] ?? null)} />,
        t('documents.field.file.help'),
      )}
      {control('type', t('documents.field.type'), (props) => (
        <select {...props} value={form.type} onChange={(event) => setForm((current) => ({ ...current, type: event.target.value as DocumentType }))}>
          {DOCUMENT_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(DOCUMENT_TYPE_KEYS[type])}
            </option>
          ))}
        </select>
      ))}
      {control('title', t('documents.field.title'), (props) => (
        <input
          {...props}
          type="text"
          maxLength={200}
          required
          autoComplete="off"
          value={form.title}
          onChange={(event) => setForm((current) => ({ ...current, title: event.target.value }))}
        />
      ))}
      {control('date', t('documents.field.date'), (props) => (
        <input {...props} type="date" required min="1900-01-01" value={form.date} onChange={(event) => setForm((current) => ({ ...current, date: event.target.value }))} />
      ))}
      {control(
        'source',
        t('documents.field.sourceOptional'),
        (props) => (
          <input
            {...props}
            type="text"
            maxLength={200}
            autoComplete="off"
            value={form.source}
            onChange={(event) => setForm((current) => ({ ...current, source: event.target.value }))}
          />
        ),
        t('documents.field.source.help'),
      )}
      {error !== null && (
        <div role="alert" className="message error">
          <p>
            <strong>{t('documents.add.notSaved')}</strong> {errorMessage(error, t, ADD_ERRORS)}
          </p>
        </div>
      )}
      <div className="form-actions">
        <button type={nested ? 'button' : 'submit'} aria-disabled={saving ? true : undefined} onClick={nested ? () => void upload() : undefined}>
          {submitLabel ?? t('documents.add.submit')}
        </button>
      </div>
      <div role="status" className="status-region">
        {saving ? <p>{t('documents.add.saving')}</p> : added ? <p className="message success">{t('documents.add.saved', { title: added })}</p> : null}
      </div>
    </>
  );

  if (nested) {
    // Enter in a field uploads the document rather than sending the message around it.
    const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
      if (event.key === 'Enter' && event.target instanceof HTMLInputElement) {
        event.preventDefault();
        void upload();
      }
    };
    return (
      <div role="group" aria-labelledby={headingId} onKeyDown={onKeyDown}>
        {fields}
      </div>
    );
  }

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void upload();
  };
  return (
    <form noValidate onSubmit={submit} aria-labelledby={headingId}>
      {fields}
    </form>
  );
}
