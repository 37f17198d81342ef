import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { api, ApiError, data } from '../../../shared/api';
import { errorMessage } from '../../../shared/errors';
import { describedBy, FieldError } from '../../../shared/FieldError';
import { useI18n } from '../../../shared/i18n/I18nProvider';
import { msgKey } from '../../../shared/i18n/translate';
import { messagingKeys, type StaffConversation } from '../api';

const SEND_ERRORS = {
  expiry_out_of_range: msgKey('uploadRequest.refused.expiry'),
  patient_not_found: msgKey('uploadRequest.refused.patient'),
  forbidden: msgKey('admin.forbidden'),
};

const PHOTO_COUNTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

function isoDay(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

function daysFromNow(days: number): Date {
  const date = new Date();
  date.setDate(date.getDate() + days);
  return date;
}

interface Props {
  slug: string;
  patientId: string;
  onSessionEnded(): void;
  /** Where staff open the conversation the request started. */
  conversationHref(conversationId: string): string;
  /** Given, the caller takes over once the request is sent (the inbox opens its conversation); otherwise the form says it was sent. */
  onSent?(conversation: StaffConversation): void;
}

/** Staff ask the patient for photos: what to photograph, how many, until when (M4). */
export function UploadRequestForm({ slug, patientId, onSessionEnded, conversationHref, onSent }: Props) {
  const { t } = useI18n();
  const id = useId();
  const queryClient = useQueryClient();
  const [subject, setSubject] = useState(() => t('uploadRequest.subject.default'));
  const [body, setBody] = useState(() => t('uploadRequest.body.default'));
  const [photosMax, setPhotosMax] = useState(2);
  const [until, setUntil] = useState(() => isoDay(daysFromNow(7)));
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [refusal, setRefusal] = useState<unknown>(null);
  const [sent, setSent] = useState<string | null>(null);
  const send = useMutation({
    mutationFn: (expiresAt: string) =>
      data(
        api.client.POST('/api/clinics/{clinic}/messaging/upload-requests', {
          params: { path: { clinic: slug } },
          body: { patientId, subject, body, photosMax, expiresAt },
        }),
      ),
  });

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (send.isPending) {
      return;
    }
    setSent(null);
    setRefusal(null);
    const end = new Date(`${until}T23:59:00`);
    const local: Record<string, string> = {};
    if (subject.trim() === '') {
      local.subject = t('uploadRequest.error.subject');
    }
    if (body.trim() === '') {
      local.body = t('uploadRequest.error.body');
    }
    if (Number.isNaN(end.getTime()) || until < isoDay(new Date()) || until > isoDay(daysFromNow(90))) {
      local.until = t('uploadRequest.error.until');
    }
    setProblems(local);
    if (Object.keys(local).length > 0) {
      return;
    }
    try {
      const view = await send.mutateAsync(end.toISOString());
      if (onSent) {
        queryClient.setQueryData(messagingKeys.conversation(slug, view.id), view);
        void queryClient.invalidateQueries({ queryKey: messagingKeys.all(slug), predicate: (query) => query.queryKey[3] !== 'conversation' });
        onSent(view);
        return;
      }
      setSent(view.id);
      void queryClient.invalidateQueries({ queryKey: messagingKeys.all(slug) });
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 401) {
        onSessionEnded();
        return;
      }
      setRefusal(caught);
    }
  };

  const field = (name: string) => `${id}-${name}`;
  return (
    <>
      <p>{t('uploadRequest.intro')}</p>
      <div role="status" className="status-region">
        {sent && (
          <p className="message success">
            {t('uploadRequest.sent')} <a href={conversationHref(sent)}>{t('uploadRequest.openConversation')}</a>
          </p>
        )}
        {send.isPending && <p>{t('uploadRequest.sending')}</p>}
      </div>
      {refusal !== null && (
        <div role="alert" className="message error">
          <p>{errorMessage(refusal, t, SEND_ERRORS)}</p>
        </div>
      )}
      <form noValidate onSubmit={(event) => void submit(event)}>
        <div className="field">
          <label htmlFor={field('subject')}>{t('uploadRequest.subject')}</label>
          <input
            id={field('subject')}
            type="text"
            maxLength={200}
            value={subject}
            onChange={(event) => setSubject(event.target.value)}
            aria-invalid={problems.subject ? true : undefined}
            aria-describedby={describedBy(problems.subject && field('subject-error'))}
          />
          <FieldError id={field('subject-error')} message={problems.subject ?? null} />
        </div>
        <div className="field">
          <label htmlFor={field('body')}>{t('uploadRequest.body')}</label>
          <textarea
            id={field('body')}
            rows={3}
            maxLength={10_000}
            value={body}
            onChange={(event) => setBody(event.target.value)}
            aria-invalid={problems.body ? true : undefined}
            aria-describedby={describedBy(problems.body && field('body-error'))}
          />
          <FieldError id={field('body-error')} message={problems.body ?? null} />
        </div>
        <div className="field">
          <label htmlFor={field('count')}>{t('uploadRequest.photosMax')}</label>
          <select id={field('count')} value={photosMax} onChange={(event) => setPhotosMax(Number(event.target.value))}>
            {PHOTO_COUNTS.map((count) => (
              <option key={count} value={count}>
                {count}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={field('until')}>{t('uploadRequest.until')}</label>
          <p className="help" id={field('until-help')}>
            {t('uploadRequest.until.help')}
          </p>
          <input
            id={field('until')}
            type="date"
            value={until}
            onChange={(event) => setUntil(event.target.value)}
            aria-invalid={problems.until ? true : undefined}
            aria-describedby={describedBy(field('until-help'), problems.until && field('until-error'))}
          />
          <FieldError id={field('until-error')} message={problems.until ?? null} />
        </div>
        <button type="submit" aria-disabled={send.isPending ? true : undefined}>
          {t('uploadRequest.send')}
        </button>
      </form>
    </>
  );
}
