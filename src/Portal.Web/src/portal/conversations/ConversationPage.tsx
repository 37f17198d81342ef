import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from '../../shared/api';
import { describedBy, FieldError } from '../../shared/FieldError';
import { formatDateTime, formatSize } from '../../shared/format';
import { useClinicZone } from '../../shared/clinicZone';
import { useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey } from '../../shared/i18n/translate';
import { MessageText } from '../../shared/MessageText';
import { QueryState } from '../../shared/QueryState';
import { followLink, type Navigate } from '../../shared/useLocationPath';
import { DocumentTitle, PortalPage } from '../PortalPage';
import { UploadRequestStatus } from '../uploads/PhotoUpload';
import { portalPath } from '../routes';
import { SendFeedback, sendFailed } from './SendFeedback';
import { attachmentUrl, messagesApi, messagesKeys, type MyAttachment, type MyConversation, type MyMessage } from './api';

/** The longest reply the server takes. */
export const REPLY_MAX_LENGTH = 10_000;

const LOAD_ERRORS = { conversation_not_found: msgKey('portal.conversation.notFound') };

/** Why a reply was refused, in the patient's language (409 codes of ReplyAsPatient). */
const REPLY_ERRORS = {
  replies_not_allowed: msgKey('portal.conversation.refused.notAllowed'),
  replies_turned_off: msgKey('portal.conversation.refused.turnedOff'),
  conversation_closed: msgKey('portal.conversation.refused.closed'),
};

interface Props {
  slug: string;
  clinicName: string;
  conversationId: string;
  navigate: Navigate;
  onSessionEnded(): void;
}

/**
 * One conversation: every message with its author and time, then the reply box with Submit when the
 * conversation takes replies. Opening it marks the clinic's messages read (the server does so).
 */
export function ConversationPage({ slug, clinicName, conversationId, navigate, onSessionEnded }: Props) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const key = messagesKeys.conversation(slug, conversationId);
  const conversation = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => messagesApi.conversation(slug, conversationId, signal),
    staleTime: 0,
  });
  const opened = conversation.isSuccess;

  // The server marked the messages read: the list and the home page's count are out of date.
  useEffect(() => {
    if (opened) {
      void queryClient.invalidateQueries({ queryKey: messagesKeys.list(slug) });
      void queryClient.invalidateQueries({ queryKey: messagesKeys.unread(slug) });
    }
  }, [opened, queryClient, slug]);

  const back = (
    <p className="portal-back">
      <a href={portalPath(slug, 'messages')} onClick={(event) => followLink(event, navigate)}>
        {t('portal.conversation.back')}{' '}
        <span className="visually-hidden">{t('portal.conversation.backTo')}</span>
      </a>
    </p>
  );

  if (!conversation.data) {
    const notFound = conversation.error instanceof ApiError && conversation.error.status === 404;
    return (
      <>
        {back}
        <DocumentTitle title={t('portal.pageTitle.page', { page: t('portal.conversation.loadingTitle'), clinic: clinicName })} />
        <h2 tabIndex={-1}>{t('portal.conversation.loadingTitle')}</h2>
        {notFound ? (
          <div role="alert" className="message error">
            <p>{t('portal.conversation.notFound')}</p>
          </div>
        ) : (
          <QueryState query={conversation} errorMessages={LOAD_ERRORS} onSessionEnded={onSessionEnded}>
            {() => null}
          </QueryState>
        )}
      </>
    );
  }

  const loaded = conversation.data;
  return (
    <>
      {back}
      <PortalPage slug={slug} clinicName={clinicName} title={loaded.subject} homeLink={false} navigate={navigate}>
        <ol className="portal-thread" aria-label={t('portal.conversation.messages')}>
          {loaded.messages.map((message) => (
            <MessageItem key={message.id} slug={slug} conversationId={loaded.id} message={message} clinicName={clinicName}>
              {message.uploadRequest && (
                <UploadRequestStatus
                  slug={slug}
                  conversationId={loaded.id}
                  request={message.uploadRequest}
                  onSent={(next) => {
                    queryClient.setQueryData(key, next);
                    void queryClient.invalidateQueries({ queryKey: messagesKeys.list(slug) });
                  }}
                  onRefused={() => void queryClient.invalidateQueries({ queryKey: key })}
                  onSessionEnded={onSessionEnded}
                />
              )}
            </MessageItem>
          ))}
        </ol>
        {loaded.canReply ? (
          <ReplyForm
            slug={slug}
            conversation={loaded}
            onReplied={(next) => {
              queryClient.setQueryData(key, next);
              void queryClient.invalidateQueries({ queryKey: messagesKeys.list(slug) });
            }}
            onRefused={() => void queryClient.invalidateQueries({ queryKey: key })}
            onSessionEnded={onSessionEnded}
          />
        ) : loaded.messages.some((message) => message.uploadRequest) ? null : (
          <p className="message note">{loaded.closed ? t('portal.conversation.closed') : t('portal.conversation.noReplies')}</p>
        )}
      </PortalPage>
    </>
  );
}

interface MessageItemProps {
  slug: string;
  conversationId: string;
  message: MyMessage;
  clinicName: string;
  children?: ReactNode;
}

function MessageItem({ slug, conversationId, message, clinicName, children }: MessageItemProps) {
  const { t, lang } = useI18n();
  const zone = useClinicZone();
  const author = message.fromClinic ? (message.authorName ? `${message.authorName}, ${clinicName}` : clinicName) : t('portal.conversation.you');
  return (
    <li className={message.fromClinic ? 'portal-message' : 'portal-message portal-message-mine'}>
      <p className="portal-message-meta">
        <strong>{author}</strong>
        {message.isNew && (
          <>
            {' '}
            <span className="portal-badge">{t('portal.conversation.new')}</span>
          </>
        )}
        <br />
        <time dateTime={message.sentAt}>{t('portal.conversation.sentAt', { date: formatDateTime(message.sentAt, lang, zone) })}</time>
      </p>
      {message.kind === 'photos' ? (
        <p>
          {message.attachments.length === 1
            ? t('portal.uploads.photosSent.one')
            : t('portal.uploads.photosSent.other', { count: message.attachments.length })}
        </p>
      ) : (
        <MessageText body={message.body} />
      )}
      {message.attachments.length > 0 && (
        <ul className="portal-attachments" aria-label={t('portal.attachments.heading')}>
          {message.attachments.map((attachment) => (
            <AttachmentItem key={attachment.documentId} slug={slug} conversationId={conversationId} attachment={attachment} />
          ))}
        </ul>
      )}
      {!message.fromClinic && message.readByClinicAt && (
        <p className="help">{t('portal.conversation.readByClinic', { date: formatDateTime(message.readByClinicAt, lang, zone) })}</p>
      )}
      {children}
    </li>
  );
}

interface ReplyProps {
  slug: string;
  conversation: MyConversation;
  onReplied(conversation: MyConversation): void;
  onRefused(): void;
  onSessionEnded(): void;
}

function ReplyForm({ slug, conversation, onReplied, onRefused, onSessionEnded }: ReplyProps) {
  const { t } = useI18n();
  const id = useId();
  const [body, setBody] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);
  const field = useRef<HTMLTextAreaElement>(null);
  const reply = useMutation({ mutationFn: (text: string) => messagesApi.reply(slug, conversation.id, text) });

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (reply.isPending) {
      return;
    }
    setStatus(null);
    setRefusal(null);
    const local =
      body.trim() === ''
        ? t('portal.conversation.reply.required')
        : body.length > REPLY_MAX_LENGTH
          ? t('portal.conversation.reply.tooLong', { max: REPLY_MAX_LENGTH })
          : null;
    setProblem(local);
    if (local) {
      field.current?.focus();
      return;
    }
    try {
      const next = await reply.mutateAsync(body);
      setBody('');
      setStatus(t('portal.conversation.sent'));
      onReplied(next);
    } catch (caught) {
      // Replies turned off or the conversation closed meanwhile (409): the page shows it as it is now.
      sendFailed(caught, { onSessionEnded, onRefused, setRefusal });
    }
  };

  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  return (
    <>
      <SendFeedback pending={reply.isPending ? t('portal.conversation.sending') : null} done={status} refusal={refusal} messages={REPLY_ERRORS} />
      <form className="portal-reply" noValidate onSubmit={(event) => void submit(event)}>
        <div className="field">
          <label htmlFor={`${id}-body`}>{t('portal.conversation.reply')}</label>
          <p className="help" id={helpId}>
            {t('portal.conversation.reply.help')}
          </p>
          <textarea
            id={`${id}-body`}
            ref={field}
            rows={5}
            value={body}
            onChange={(event) => setBody(event.target.value)}
            aria-invalid={problem ? true : undefined}
            aria-describedby={describedBy(helpId, problem && errorId)}
          />
          <FieldError id={errorId} message={problem} />
        </div>
        <button type="submit" aria-disabled={reply.isPending ? true : undefined}>
          {t('portal.conversation.submit')}
        </button>
      </form>
    </>
  );
}

const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp'];

/** "PDF document", "Image", "Video" or "Text file": what the patient is about to open. */
function kindOf(contentType: string): string {
  if (contentType === 'application/pdf') {
    return msgKey('portal.attachments.kind.pdf');
  }
  if (IMAGE_TYPES.includes(contentType)) {
    return msgKey('portal.attachments.kind.image');
  }
  if (contentType.startsWith('video/')) {
    return msgKey('portal.attachments.kind.video');
  }
  return contentType.startsWith('text/') ? msgKey('portal.attachments.kind.text') : msgKey('portal.attachments.kind.other');
}

/** A document the clinic sent: images shown in place, PDFs opened in the browser's viewer, everything downloadable. */
function AttachmentItem({ slug, conversationId, attachment }: { slug: string; conversationId: string; attachment: MyAttachment }) {
  const { t, lang } = useI18n();
  const url = attachmentUrl(slug, conversationId, attachment.documentId);
  const details = t('portal.attachments.details', { kind: t(kindOf(attachment.contentType)), size: formatSize(attachment.length, lang) });
  const download = (
    <a href={`${url}?download=true`} download aria-label={t('portal.attachments.downloadNamed', { title: attachment.title })}>
      {t('portal.attachments.download')}
    </a>
  );
  if (IMAGE_TYPES.includes(attachment.contentType)) {
    return (
      <li className="portal-attachment">
        <figure>
          <img src={url} alt={attachment.title} loading="lazy" style={{ maxWidth: '100%', height: 'auto' }} />
          <figcaption>
            {attachment.title} <span className="help">({details})</span> {download}
          </figcaption>
        </figure>
      </li>
    );
  }
  return (
    <li className="portal-attachment">
      <span>{attachment.title}</span> <span className="help">({details})</span>{' '}
      {attachment.contentType === 'application/pdf' && (
        <>
          <a href={url} target="_blank" rel="noopener noreferrer" aria-label={t('portal.attachments.viewNamed', { title: attachment.title })}>
            {t('portal.attachments.view')}
          </a>{' '}
        </>
      )}
      {download}
    </li>
  );
}
