import { useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../shared/api';
import { errorMessage, fieldMessages, type CodeMessages } from '../../shared/errors';
import { describedBy, FieldError } from '../../shared/FieldError';
import { useDocumentTitle, useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey } from '../../shared/i18n/translate';
import { QueryState } from '../../shared/QueryState';
import { Loading } from '../../shared/Status';
import { type Navigate } from '../../shared/useLocationPath';
import { registrationApi, registrationKeys } from '../patients/api';
import { patientName } from '../patients/labels';
import { clinicAdminPath, conversationAdminPath } from '../routes';
import { messagingApi, messagingKeys, type Attachment, type ComposeDefaults, type Draft, type StaffConversation } from './api';
import { AttachmentPicker } from './Attachments';
import { MessagingBreadcrumb } from './MessagingBreadcrumb';
import { PatientPicker, type PickedPatient } from '../patients/PatientPicker';
import { BODY_MAX_LENGTH } from './StaffConversationPage';
import { UploadRequestForm } from './uploadRequest/UploadRequestForm';

/** The longest subject the server takes. */
const SUBJECT_MAX_LENGTH = 200;

const SAVE_ERRORS: CodeMessages = {
  validation_failed: msgKey('messaging.compose.error.fields'),
  replies_disabled_by_clinic: msgKey('messaging.compose.error.repliesOff'),
  draft_changed: msgKey('messaging.compose.error.draftChanged'),
  conversation_closed: msgKey('messaging.compose.error.closed'),
  unknown_document: msgKey('messaging.compose.error.unknownDocument'),
  draft_not_found: msgKey('messaging.draft.notFound'),
  forbidden: msgKey('admin.forbidden'),
};

const FIELD_CODES: CodeMessages = {};

type Field = 'patient' | 'subject' | 'body';

/** A new conversation starts with a message, or with a request for photos (M4). */
type ComposeKind = 'message' | 'photos';

interface Form {
  patient: PickedPatient | null;
  subject: string;
  body: string;
  allowReplies: boolean;
  attachments: Attachment[];
}

interface Props {
  slug: string;
  clinicName: string;
  /** From the chart's "New message": the patient is chosen already. */
  patientId: string | null;
  /** Editing one of the caller's drafts. */
  draftId: string | null;
  navigate: Navigate;
  /** The conversation the new message or upload request started, with the notice to show there. */
  onSent(conversation: StaffConversation, notice?: string): void;
  onSessionEnded(): void;
}

/** A new message to one patient, or one of the caller's drafts: patient, subject, body and Allow replies; send it or keep it as a draft. */
export function ComposePage({ slug, clinicName, patientId, draftId, navigate, onSent, onSessionEnded }: Props) {
  const { t } = useI18n();
  useDocumentTitle(draftId ? t('messaging.draft.pageTitle', { clinic: clinicName }) : t('messaging.compose.pageTitle', { clinic: clinicName }));
  const defaults = useQuery({ queryKey: messagingKeys.defaults(slug), queryFn: ({ signal }) => messagingApi.defaults(slug, signal) });
  const draft = useQuery({
    queryKey: messagingKeys.draft(slug, draftId ?? ''),
    queryFn: ({ signal }) => messagingApi.draft(slug, draftId!, signal),
    enabled: draftId !== null,
    staleTime: 0,
  });
  const chart = useQuery({
    queryKey: registrationKeys.patient(slug, patientId ?? ''),
    queryFn: ({ signal }) => registrationApi.patient(slug, patientId!, signal),
    enabled: patientId !== null,
  });

  const [kind, setKind] = useState<ComposeKind>('message');
  const inbox = clinicAdminPath(slug, 'messages');
  const failed = ([defaults, draft, chart] as UseQueryResult<unknown>[]).find((query) => query.isError);
  const ready = defaults.data && (draftId === null || draft.data) && (patientId === null || chart.data);
  const chosen = chart.data ? { id: chart.data.id, displayName: patientName(chart.data, t) } : null;

  return (
    <>
      <MessagingBreadcrumb href={inbox} navigate={navigate} />
      <h1>{draftId ? t('messaging.draft.heading') : t('messaging.compose.heading')}</h1>
      {ready ? (
        <>
          {draftId === null && <KindChoice kind={kind} onChange={setKind} />}
          {kind === 'photos' && draftId === null ? (
            <PhotoRequestCompose slug={slug} patient={chosen} onSent={onSent} onSessionEnded={onSessionEnded} />
          ) : (
            <ComposeForm
              slug={slug}
              defaults={defaults.data!}
              draft={draft.data ?? null}
              patient={chosen}
              onSent={onSent}
              onSessionEnded={onSessionEnded}
            />
          )}
        </>
      ) : failed ? (
        <QueryState query={failed} errorMessages={SAVE_ERRORS} onSessionEnded={onSessionEnded}>
          {() => null}
        </QueryState>
      ) : (
        <Loading />
      )}
    </>
  );
}

/** Send a message, or ask for photos. */
function KindChoice({ kind, onChange }: { kind: ComposeKind; onChange(kind: ComposeKind): void }) {
  const { t } = useI18n();
  const choices: { value: ComposeKind; label: string }[] = [
    { value: 'message', label: t('uploadRequest.compose.kind.message') },
    { value: 'photos', label: t('uploadRequest.compose.kind.photos') },
  ];
  return (
    <fieldset className="field compose-kind">
      <legend>{t('uploadRequest.compose.kind')}</legend>
      {choices.map((choice) => (
        <div className="check" key={choice.value}>
          <input
            id={`compose-kind-${choice.value}`}
            type="radio"
            name="compose-kind"
            value={choice.value}
            checked={kind === choice.value}
            onChange={() => onChange(choice.value)}
          />
          <label htmlFor={`compose-kind-${choice.value}`}>{choice.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

interface PhotoRequestProps {
  slug: string;
  /** From the chart's "New message": the patient is chosen already. */
  patient: PickedPatient | null;
  onSent(conversation: StaffConversation, notice?: string): void;
  onSessionEnded(): void;
}

/** An upload request from the inbox: the patient, then what to photograph, how many and until when. */
function PhotoRequestCompose({ slug, patient, onSent, onSessionEnded }: PhotoRequestProps) {
  const { t } = useI18n();
  const [picked, setPicked] = useState<PickedPatient | null>(patient);
  return (
    <section className="compose-form" aria-labelledby="compose-photos-heading">
      <h2 id="compose-photos-heading">{t('uploadRequest.heading')}</h2>
      <PatientPicker slug={slug} patient={picked} onChange={setPicked} problem={null} fixed={patient !== null} />
      {picked ? (
        <UploadRequestForm
          key={picked.id}
          slug={slug}
          patientId={picked.id}
          onSessionEnded={onSessionEnded}
          conversationHref={(id) => conversationAdminPath(slug, id)}
          onSent={(conversation) => onSent(conversation, msgKey('uploadRequest.sent'))}
        />
      ) : (
        <p className="help">{t('uploadRequest.compose.pickFirst')}</p>
      )}
    </section>
  );
}

interface FormProps {
  slug: string;
  defaults: ComposeDefaults;
  draft: Draft | null;
  patient: PickedPatient | null;
  onSent(conversation: StaffConversation): void;
  onSessionEnded(): void;
}

function ComposeForm({ slug, defaults, draft, patient, onSent, onSessionEnded }: FormProps) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const canAllowReplies = defaults.allowRepliesAvailable;
  const subjectMax = defaults.subjectMaxLength || SUBJECT_MAX_LENGTH;
  const bodyMax = defaults.bodyMaxLength || BODY_MAX_LENGTH;
  const [form, setForm] = useState<Form>(() => ({
    patient: draft ? draft.patient : patient,
    subject: draft?.subject ?? '',
    body: draft?.body ?? '',
    allowReplies: canAllowReplies && (draft ? draft.allowReplies : defaults.allowReplies),
    attachments: draft ? [...draft.attachments] : [],
  }));
  // The draft being written, once saved: later saves change it, sending sends it.
  const [saved, setSaved] = useState<{ id: string; version: number } | null>(draft ? { id: draft.id, version: draft.version } : null);
  const [problems, setProblems] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState<'send' | 'save' | null>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const isReplyDraft = draft?.conversationId != null;

  const set = <K extends keyof Form>(name: K, value: Form[K]) => setForm((current) => ({ ...current, [name]: value }));

  const check = (sending: boolean): Partial<Record<Field, string>> => {
    const found: Partial<Record<Field, string>> = {};
    if (!form.patient) {
      found.patient = t('messaging.compose.patient.required');
    }
    if (sending && !isReplyDraft && form.subject.trim() === '') {
      found.subject = t('messaging.compose.subject.required');
    } else if (form.subject.length > subjectMax) {
      found.subject = t('messaging.compose.subject.tooLong', { max: subjectMax });
    }
    if (sending && form.body.trim() === '') {
      found.body = t('messaging.body.required');
    } else if (form.body.length > bodyMax) {
      found.body = t('messaging.body.tooLong', { max: bodyMax });
    }
    return found;
  };

  const focusFirst = (found: Partial<Record<Field, string>>) => {
    const first = (['patient', 'subject', 'body'] as const).find((name) => found[name]);
    const id = first === 'patient' ? 'compose-patient-search' : first === 'subject' ? 'compose-subject' : 'compose-body';
    document.getElementById(id)?.focus();
  };

  /** Writes the draft (new or changed) and returns it. */
  const saveDraft = async (): Promise<Draft> => {
    const subject = isReplyDraft ? null : form.subject;
    const attachmentIds = form.attachments.map((attachment) => attachment.documentId);
    const draftView = saved
      ? await messagingApi.updateDraft(slug, saved.id, { subject, body: form.body, allowReplies: form.allowReplies, version: saved.version, attachmentIds })
      : await messagingApi.createDraft(slug, {
          patientId: form.patient!.id,
          conversationId: null,
          subject,
          body: form.body,
          allowReplies: form.allowReplies,
          attachmentIds,
        });
    setSaved({ id: draftView.id, version: draftView.version });
    return draftView;
  };

  const run = async (action: 'send' | 'save') => {
    if (busy) {
      return;
    }
    setStatus(null);
    setError(null);
    const found = check(action === 'send');
    setProblems(found);
    if (Object.keys(found).length > 0) {
      setError(new LocalFieldsError());
      focusFirst(found);
      return;
    }
    setBusy(action);
    try {
      if (action === 'save') {
        await saveDraft();
        void queryClient.invalidateQueries({ queryKey: messagingKeys.drafts(slug) });
        setStatus(t('messaging.compose.draftSaved'));
      } else {
        let conversation: StaffConversation;
        if (saved || draft) {
          const current = await saveDraft();
          conversation = await messagingApi.sendDraft(slug, current.id);
        } else {
          conversation = await messagingApi.compose(slug, {
            patientId: form.patient!.id,
            subject: form.subject,
            body: form.body,
            allowReplies: form.allowReplies,
            attachmentIds: form.attachments.map((attachment) => attachment.documentId),
          });
        }
        queryClient.setQueryData(messagingKeys.conversation(slug, conversation.id), conversation);
        void queryClient.invalidateQueries({ queryKey: messagingKeys.all(slug), predicate: (query) => query.queryKey[3] !== 'conversation' });
        onSent(conversation);
        return;
      }
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 401) {
        onSessionEnded();
        return;
      }
      const server = fieldMessages(caught, t, FIELD_CODES);
      setProblems({
        patient: server.patientId?.join(' '),
        subject: server.subject?.join(' '),
        body: server.body?.join(' '),
      });
      setError(caught);
      alertRef.current?.focus();
    } finally {
      setBusy(null);
    }
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void run('send');
  };

  const problem = (name: Field) => problems[name] ?? null;
  return (
    <form className="patient-form compose-form" noValidate onSubmit={submit} aria-label={t('messaging.compose.formLabel')}>
      <div role="status" className="status-region">
        {status && <p className="message success">{status}</p>}
        {busy && <p>{busy === 'send' ? t('messaging.sending') : t('messaging.compose.saving')}</p>}
      </div>
      <div role="alert" className="alert-region" ref={alertRef} tabIndex={-1}>
        {error !== null && (
          <div className="message error">
            <p>{error instanceof LocalFieldsError ? t('messaging.compose.error.fields') : errorMessage(error, t, SAVE_ERRORS)}</p>
          </div>
        )}
      </div>
      <PatientPicker
        slug={slug}
        patient={form.patient}
        onChange={(picked) => setForm((current) => ({ ...current, patient: picked, attachments: picked?.id === current.patient?.id ? current.attachments : [] }))}
        problem={problem('patient')}
        fixed={draft !== null || patient !== null}
      />
      {!isReplyDraft && (
        <div className="field">
          <label htmlFor="compose-subject">{t('messaging.compose.subject')}</label>
          <p className="help" id="compose-subject-help">
            {t('messaging.compose.subject.help')}
          </p>
          <input
            id="compose-subject"
            type="text"
            maxLength={subjectMax}
            value={form.subject}
            onChange={(event) => set('subject', event.target.value)}
            aria-invalid={problem('subject') ? true : undefined}
            aria-describedby={describedBy('compose-subject-help', problem('subject') && 'compose-subject-error')}
          />
          <FieldError id="compose-subject-error" message={problem('subject')} />
        </div>
      )}
      <div className="field">
        <label htmlFor="compose-body">{t('messaging.compose.body')}</label>
        <p className="help" id="compose-body-help">
          {t('messaging.body.help')}
        </p>
        <textarea
          id="compose-body"
          rows={10}
          value={form.body}
          onChange={(event) => set('body', event.target.value)}
          aria-invalid={problem('body') ? true : undefined}
          aria-describedby={describedBy('compose-body-help', problem('body') && 'compose-body-error')}
        />
        <FieldError id="compose-body-error" message={problem('body')} />
      </div>
      <AttachmentPicker
        slug={slug}
        patientId={form.patient?.id ?? null}
        idPrefix="compose-attachments"
        selected={form.attachments}
        onChange={(next) => set('attachments', next)}
        onSessionEnded={onSessionEnded}
      />
      {!isReplyDraft && (
        <div className="field">
          <div className="check">
            <input
              id="compose-allow-replies"
              type="checkbox"
              checked={form.allowReplies}
              disabled={!canAllowReplies}
              onChange={(event) => set('allowReplies', event.target.checked)}
              aria-describedby="compose-allow-replies-help"
            />
            <label htmlFor="compose-allow-replies">{t('messaging.compose.allowReplies')}</label>
          </div>
          <p className="help" id="compose-allow-replies-help">
            {canAllowReplies ? t('messaging.compose.allowReplies.help') : t('messaging.compose.allowReplies.off')}
          </p>
        </div>
      )}
      <div className="form-actions">
        <button type="submit" aria-disabled={busy ? true : undefined}>
          {t('messaging.send')}
        </button>
        <button type="button" className="secondary" aria-disabled={busy ? true : undefined} onClick={() => void run('save')}>
          {t('messaging.compose.saveDraft')}
        </button>
      </div>
    </form>
  );
}

/** Problems found in the form before anything was sent. */
class LocalFieldsError extends Error {}
