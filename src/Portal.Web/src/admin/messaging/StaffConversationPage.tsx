import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../shared/api';
import { errorMessage, type CodeMessages } from '../../shared/errors';
import { describedBy, FieldError } from '../../shared/FieldError';
import { formatDateTime } from '../../shared/format';
import { useClinicZone } from '../../shared/clinicZone';
import { useDocumentTitle, useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey } from '../../shared/i18n/translate';
import { MessageText } from '../../shared/MessageText';
import { QueryState } from '../../shared/QueryState';
import { followLink, type Navigate } from '../../shared/useLocationPath';
import { clinicAdminPath, patientPath } from '../routes';
import { messagingApi, messagingKeys, type Attachment, type StaffConversation, type StaffMessage } from './api';
import { AttachmentList, AttachmentPicker } from './Attachments';
import { StatusBadge } from './badges';
import { staffName } from './ConversationTable';
import { DeliveryState } from './DeliveryState';
import { MessagingBreadcrumb } from './MessagingBreadcrumb';
import { PhotoGallery, UploadRequestFacts } from './uploadRequest/UploadRequestState';

/** The longest message the server takes. */
export const BODY_MAX_LENGTH = 10_000;

const LOAD_ERRORS: CodeMessages = {
  conversation_not_found: msgKey('messaging.conversation.notFound'),
  forbidden: msgKey('admin.forbidden'),
  unknown_document: msgKey('messaging.compose.error.unknownDocument'),
};

interface Props {
  slug: string;
  clinicName: string;
  conversationId: string;
  navigate: Navigate;
  onSessionEnded(): void;
  /** A message key to show once, such as "Message sent." after composing. */
  notice: string | null;
}

/**
 * A conversation, the staff side: every message with the patient's read receipt on the clinic's
 * own, the assignee, close or reopen, and a reply. Opening it marks the patient's replies read.
 */
export function StaffConversationPage({ slug, clinicName, conversationId, navigate, onSessionEnded, notice }: Props) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const key = messagingKeys.conversation(slug, conversationId);
  const query = useQuery({ queryKey: key, queryFn: ({ signal }) => messagingApi.conversation(slug, conversationId, signal), staleTime: 0 });
  const [status, setStatus] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const opened = query.isSuccess;

  useEffect(() => setStatus(notice ? t(notice) : null), [notice, t]);

  // The server marked the patient's replies read: the lists' unread markers are out of date.
  useEffect(() => {
    if (opened) {
      void queryClient.invalidateQueries({ queryKey: messagingKeys.all(slug), predicate: (candidate) => candidate.queryKey[3] !== 'conversation' });
    }
  }, [opened, queryClient, slug]);

  const conversation = query.data ?? null;

  // Arriving from sending, the page starts at the conversation's subject rather than at the top of the document.
  const arrivedWithNotice = useRef(notice !== null);
  const loaded = conversation !== null;
  useEffect(() => {
    if (loaded && arrivedWithNotice.current) {
      arrivedWithNotice.current = false;
      heading.current?.focus();
    }
  }, [loaded]);
  useDocumentTitle(
    conversation
      ? t('messaging.conversation.pageTitle', { subject: conversation.subject, clinic: clinicName })
      : t('messaging.conversation.loadingTitle', { clinic: clinicName }),
  );

  /** A change the server answered with the conversation's new state (or a part of it). */
  const changed = (message: string) => {
    setActionError(null);
    setStatus(message);
    void queryClient.invalidateQueries({ queryKey: messagingKeys.all(slug), predicate: (candidate) => candidate.queryKey[3] !== 'conversation' });
  };

  const failed = (error: unknown) => {
    if (error instanceof ApiError && error.status === 401) {
      onSessionEnded();
      return;
    }
    setStatus(null);
    setActionError(error);
  };

  const statusRegion = (
    <div role="status" className="status-region">
      {status && <p className="message success">{status}</p>}
    </div>
  );

  const inbox = clinicAdminPath(slug, 'messages');
  if (!conversation) {
    return (
      <>
        <MessagingBreadcrumb href={inbox} navigate={navigate} />
        <h1>{t('messaging.conversation.heading')}</h1>
        {statusRegion}
        <QueryState query={query} errorMessages={LOAD_ERRORS} onSessionEnded={onSessionEnded}>
          {() => null}
        </QueryState>
      </>
    );
  }

  return (
    <>
      <MessagingBreadcrumb href={inbox} navigate={navigate} />
      <h1 tabIndex={-1} ref={heading}>
        {conversation.subject}
      </h1>
      {statusRegion}
      <div role="alert" className="alert-region">
        {actionError !== null && (
          <div className="message error">
            <p>{errorMessage(actionError, t, LOAD_ERRORS)}</p>
          </div>
        )}
      </div>
      <Facts slug={slug} conversation={conversation} navigate={navigate} />
      <div className="conversation-actions">
        <AssignForm slug={slug} conversation={conversation} onChanged={changed} onFailed={failed} />
        <StatusButton slug={slug} conversation={conversation} onChanged={changed} onFailed={failed} />
      </div>

      <h2 id="conversation-messages">{t('messaging.conversation.messages')}</h2>
      <ol className="conversation-thread" aria-labelledby="conversation-messages">
        {conversation.messages.map((message) => (
          <MessageItem
            key={message.id}
            slug={slug}
            patientId={conversation.patient.id}
            message={message}
            patientName={conversation.patient.displayName}
            answerPhotos={photosAnswering(conversation, message)}
            navigate={navigate}
          />
        ))}
      </ol>

      {conversation.status === 'open' ? (
        <ReplyForm
          slug={slug}
          conversation={conversation}
          onReplied={(next) => {
            queryClient.setQueryData(key, next);
            changed(t('messaging.reply.sent'));
          }}
          onFailed={failed}
          onSessionEnded={onSessionEnded}
        />
      ) : (
        <p className="message note">{t('messaging.reply.closed')}</p>
      )}
    </>
  );
}

function Facts({ slug, conversation, navigate }: { slug: string; conversation: StaffConversation; navigate: Navigate }) {
  const { t, lang } = useI18n();
  const zone = useClinicZone();
  return (
    <dl className="details conversation-facts">
      <div>
        <dt>{t('messaging.column.patient')}</dt>
        <dd>
          <a href={patientPath(slug, conversation.patient.id, 'messages')} onClick={(event) => followLink(event, navigate)}>
            {conversation.patient.displayName}
          </a>
        </dd>
      </div>
      <div>
        <dt>{t('messaging.column.status')}</dt>
        <dd>
          <StatusBadge status={conversation.status} />
        </dd>
      </div>
      <div>
        <dt>{t('messaging.conversation.replies')}</dt>
        <dd>{conversation.repliesAllowed ? t('messaging.conversation.repliesAllowed') : t('messaging.conversation.repliesNotAllowed')}</dd>
      </div>
      <div>
        <dt>{t('messaging.conversation.started')}</dt>
        <dd>
          {t('messaging.conversation.startedBy', {
            name: staffName(conversation.createdBy.displayName, t),
            date: formatDateTime(conversation.createdAt, lang, zone),
          })}
        </dd>
      </div>
    </dl>
  );
}

/** How many photos the patient sent in answer to this message's upload request (0 for any other message). */
function photosAnswering(conversation: StaffConversation, message: StaffMessage): number {
  const answer = message.uploadRequest?.answerMessageId;
  return answer ? (conversation.messages.find((candidate) => candidate.id === answer)?.attachments.length ?? 0) : 0;
}

interface MessageItemProps {
  slug: string;
  patientId: string;
  message: StaffMessage;
  patientName: string;
  answerPhotos: number;
  navigate: Navigate;
}

function MessageItem({ slug, patientId, message, patientName, answerPhotos, navigate }: MessageItemProps) {
  const { t, lang } = useI18n();
  const zone = useClinicZone();
  const fromStaff = message.authorKind === 'staff';
  return (
    <li className={fromStaff ? 'conversation-message' : 'conversation-message conversation-message-patient'}>
      <p className="conversation-message-meta">
        <strong>{fromStaff ? staffName(message.authorName, t) : t('messaging.conversation.patientAuthor', { name: message.authorName ?? patientName })}</strong>
        <br />
        <time dateTime={message.sentAt}>{t('messaging.conversation.sentAt', { date: formatDateTime(message.sentAt, lang, zone) })}</time>
      </p>
      <MessageText body={message.body} />
      {message.uploadRequest && <UploadRequestFacts request={message.uploadRequest} photos={answerPhotos} />}
      {message.kind === 'photos' ? (
        <PhotoGallery slug={slug} patientId={patientId} photos={message.attachments} navigate={navigate} />
      ) : (
        <AttachmentList slug={slug} patientId={patientId} attachments={message.attachments} />
      )}
      {fromStaff && (
        <p className="conversation-receipt">
          {message.readAt ? (
            <span className="badge badge-ok">{t('messaging.receipt.read', { date: formatDateTime(message.readAt, lang, zone) })}</span>
          ) : (
            <span className="badge badge-neutral">{t('messaging.receipt.notRead')}</span>
          )}
        </p>
      )}
      {fromStaff && <DeliveryState notifications={message.notifications} />}
    </li>
  );
}

interface ActionProps {
  slug: string;
  conversation: StaffConversation;
  onChanged(message: string): void;
  onFailed(error: unknown): void;
}

function AssignForm({ slug, conversation, onChanged, onFailed }: ActionProps) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const staff = useQuery({ queryKey: messagingKeys.staff(slug), queryFn: ({ signal }) => messagingApi.staff(slug, signal) });
  const current = conversation.assignedTo?.id ?? '';
  const [choice, setChoice] = useState(current);
  useEffect(() => setChoice(current), [current]);
  const assign = useMutation({ mutationFn: (staffId: string | null) => messagingApi.assign(slug, conversation.id, staffId) });

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (assign.isPending) {
      return;
    }
    try {
      const summary = await assign.mutateAsync(choice || null);
      queryClient.setQueryData<StaffConversation>(messagingKeys.conversation(slug, conversation.id), (before) =>
        before ? { ...before, assignedTo: summary.assignedTo } : before,
      );
      onChanged(
        summary.assignedTo
          ? t('messaging.assign.done', { name: staffName(summary.assignedTo.displayName, t) })
          : t('messaging.assign.cleared'),
      );
    } catch (error) {
      onFailed(error);
    }
  };

  return (
    <form className="inline-form" noValidate onSubmit={(event) => void submit(event)}>
      <div className="field">
        <label htmlFor="conversation-assignee">{t('messaging.column.assignee')}</label>
        <select id="conversation-assignee" value={choice} onChange={(event) => setChoice(event.target.value)}>
          <option value="">{t('messaging.unassigned')}</option>
          {conversation.assignedTo && !staff.data?.some((member) => member.id === conversation.assignedTo!.id) && (
            <option value={conversation.assignedTo.id}>{staffName(conversation.assignedTo.displayName, t)}</option>
          )}
          {(staff.data ?? []).map((member) => (
            <option key={member.id} value={member.id}>
              {staffName(member.displayName, t)}
            </option>
          ))}
        </select>
      </div>
      <div className="form-actions">
        <button type="submit" className="secondary" aria-disabled={assign.isPending || staff.isPending ? true : undefined}>
          {t('messaging.assign.submit')}
        </button>
      </div>
      {staff.isError && <p className="field-error">{errorMessage(staff.error, t)}</p>}
    </form>
  );
}

function StatusButton({ slug, conversation, onChanged, onFailed }: ActionProps) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const closing = conversation.status === 'open';
  const change = useMutation({ mutationFn: (next: 'open' | 'closed') => messagingApi.setStatus(slug, conversation.id, next) });

  const click = async () => {
    if (change.isPending) {
      return;
    }
    try {
      const summary = await change.mutateAsync(closing ? 'closed' : 'open');
      queryClient.setQueryData<StaffConversation>(messagingKeys.conversation(slug, conversation.id), (before) =>
        before ? { ...before, status: summary.status } : before,
      );
      onChanged(summary.status === 'closed' ? t('messaging.status.closedDone') : t('messaging.status.reopenedDone'));
    } catch (error) {
      onFailed(error);
    }
  };

  return (
    <div className="form-actions">
      <button type="button" className="secondary" aria-disabled={change.isPending ? true : undefined} onClick={() => void click()}>
        {closing ? t('messaging.status.close') : t('messaging.status.reopen')}
      </button>
    </div>
  );
}

interface ReplyProps {
  slug: string;
  conversation: StaffConversation;
  onReplied(conversation: StaffConversation): void;
  onFailed(error: unknown): void;
  onSessionEnded(): void;
}

function ReplyForm({ slug, conversation, onReplied, onFailed, onSessionEnded }: ReplyProps) {
  const { t } = useI18n();
  const [body, setBody] = useState('');
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const field = useRef<HTMLTextAreaElement>(null);
  const reply = useMutation({
    mutationFn: (text: string) => messagingApi.reply(slug, conversation.id, text, attachments.map((attachment) => attachment.documentId)),
  });

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (reply.isPending) {
      return;
    }
    const local = body.trim() === '' ? t('messaging.body.required') : body.length > BODY_MAX_LENGTH ? t('messaging.body.tooLong', { max: BODY_MAX_LENGTH }) : null;
    setProblem(local);
    if (local) {
      field.current?.focus();
      return;
    }
    try {
      const next = await reply.mutateAsync(body);
      setBody('');
      setAttachments([]);
      onReplied(next);
    } catch (error) {
      onFailed(error);
    }
  };

  return (
    <form className="patient-form conversation-reply" aria-labelledby="conversation-reply-heading" noValidate onSubmit={(event) => void submit(event)}>
      <h2 id="conversation-reply-heading">{t('messaging.reply.heading')}</h2>
      <div className="field">
        <label htmlFor="conversation-reply">{t('messaging.reply.label', { name: conversation.patient.displayName })}</label>
        <p className="help" id="conversation-reply-help">
          {t('messaging.body.help')}
        </p>
        <textarea
          id="conversation-reply"
          ref={field}
          rows={6}
          value={body}
          onChange={(event) => setBody(event.target.value)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={describedBy('conversation-reply-help', problem && 'conversation-reply-error')}
        />
        <FieldError id="conversation-reply-error" message={problem} />
      </div>
      <AttachmentPicker
        slug={slug}
        patientId={conversation.patient.id}
        idPrefix="reply-attachments"
        selected={attachments}
        onChange={setAttachments}
        onSessionEnded={onSessionEnded}
      />
      <div className="form-actions">
        <button type="submit" aria-disabled={reply.isPending ? true : undefined}>
          {reply.isPending ? t('messaging.sending') : t('messaging.send')}
        </button>
      </div>
    </form>
  );
}
