import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { describedBy, FieldError } from '../../shared/FieldError';
import { formatDateTime } from '../../shared/format';
import { useClinicZone } from '../../shared/clinicZone';
import { useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey } from '../../shared/i18n/translate';
import type { MyConversation } from '../conversations/api';
import { SendFeedback, sendFailed } from '../conversations/SendFeedback';
import { PHOTO_MAX_BYTES, sendPhotos, type UploadRequest } from './api';

/** Why the server refused the photos, in the patient's language. */
const SEND_ERRORS = {
  upload_request_answered: msgKey('portal.uploads.refused.answered'),
  upload_request_expired: msgKey('portal.uploads.refused.expired'),
  upload_request_closed: msgKey('portal.uploads.refused.closed'),
  unsupported_document_type: msgKey('portal.uploads.refused.type'),
  unsupported_photo_type: msgKey('portal.uploads.refused.type'),
  declared_type_mismatch: msgKey('portal.uploads.refused.type'),
  document_too_large: msgKey('portal.uploads.refused.size'),
};

interface Props {
  slug: string;
  conversationId: string;
  request: UploadRequest;
  onSent(conversation: MyConversation): void;
  onRefused(): void;
  onSessionEnded(): void;
}

/** Where an upload request stands, said to the patient; the form itself only while it is open. */
export function UploadRequestStatus(props: Props) {
  const { t, lang } = useI18n();
  const zone = useClinicZone();
  const { request } = props;
  if (request.state === 'open') {
    return <PhotoUpload {...props} />;
  }
  const text =
    request.state === 'answered'
      ? t('portal.uploads.state.answered')
      : request.state === 'expired'
        ? t('portal.uploads.state.expired', { date: formatDateTime(request.expiresAt, lang, zone) })
        : t('portal.uploads.state.closed');
  return <p className="message note">{text}</p>;
}

interface Chosen {
  key: string;
  file: File;
  preview: string;
}

/**
 * The phone's camera or photo library (accept image/*, capture), a preview of each chosen photo with a
 * Remove button, and Send. The server checks every photo again and removes location and camera data.
 */
export function PhotoUpload({ slug, conversationId, request, onSent, onRefused, onSessionEnded }: Props) {
  const { t, lang } = useI18n();
  const zone = useClinicZone();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [chosen, setChosen] = useState<Chosen[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<unknown>(null);
  const send = useMutation({ mutationFn: (files: File[]) => sendPhotos(slug, conversationId, request.id, files) });
  const max = request.photosMax;

  // The previews' object URLs are released when a photo is removed or sent, and when the page goes.
  const live = useRef<Chosen[]>([]);
  live.current = chosen;
  useEffect(() => () => live.current.forEach((photo) => URL.revokeObjectURL(photo.preview)), []);

  const add = (files: FileList | null) => {
    if (!files) {
      return;
    }
    const added = Array.from(files).map((file, index) => ({
      key: `${Date.now()}-${index}-${file.name}`,
      file,
      preview: URL.createObjectURL(file),
    }));
    setChosen((current) => [...current, ...added]);
    setProblem(null);
    if (input.current) {
      input.current.value = '';
    }
  };

  const remove = (key: string) => {
    chosen.filter((photo) => photo.key === key).forEach((photo) => URL.revokeObjectURL(photo.preview));
    setChosen((current) => current.filter((photo) => photo.key !== key));
    input.current?.focus();
  };

  const localProblem = useMemo(() => {
    if (chosen.length > max) {
      return t('portal.uploads.error.tooMany', { max });
    }
    const notImage = chosen.find((photo) => photo.file.type !== '' && !photo.file.type.startsWith('image/'));
    if (notImage) {
      return t('portal.uploads.error.notImage', { name: notImage.file.name });
    }
    const tooLarge = chosen.find((photo) => photo.file.size > PHOTO_MAX_BYTES);
    return tooLarge ? t('portal.uploads.error.tooLarge', { name: tooLarge.file.name }) : null;
  }, [chosen, max, t]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (send.isPending) {
      return;
    }
    setRefusal(null);
    const local = chosen.length === 0 ? t('portal.uploads.error.none') : localProblem;
    setProblem(local);
    if (local) {
      input.current?.focus();
      return;
    }
    try {
      const next = await send.mutateAsync(chosen.map((photo) => photo.file));
      chosen.forEach((photo) => URL.revokeObjectURL(photo.preview));
      setChosen([]);
      // The request is answered now: the page shows it so in place of this form.
      onSent(next);
    } catch (caught) {
      sendFailed(caught, { onSessionEnded, onRefused, setRefusal });
    }
  };

  const headingId = `${id}-heading`;
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const shown = problem ?? localProblem;
  return (
    <section className="portal-upload" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('portal.uploads.heading')}</h3>
      <SendFeedback pending={send.isPending ? t('portal.uploads.sending') : null} refusal={refusal} messages={SEND_ERRORS} />
      <form noValidate onSubmit={(event) => void submit(event)}>
        <div className="field">
          <label htmlFor={`${id}-photos`}>{t('portal.uploads.choose')}</label>
          <p className="help" id={helpId}>
            {max === 1 ? t('portal.uploads.help.one') : t('portal.uploads.help.other', { max })}{' '}
            {t('portal.uploads.until', { date: formatDateTime(request.expiresAt, lang, zone) })}
          </p>
          <input
            id={`${id}-photos`}
            ref={input}
            type="file"
            accept="image/*"
            capture="environment"
            multiple
            onChange={(event) => add(event.target.files)}
            aria-invalid={shown ? true : undefined}
            aria-describedby={describedBy(helpId, shown && errorId)}
          />
          <FieldError id={errorId} message={shown} />
        </div>
        {chosen.length > 0 && (
          <ul className="portal-upload-previews" aria-label={t('portal.uploads.previews')}>
            {chosen.map((photo) => (
              <li key={photo.key}>
                <img src={photo.preview} alt={photo.file.name} style={{ maxWidth: '8rem', height: 'auto' }} />
                <button type="button" className="secondary" onClick={() => remove(photo.key)}>
                  {t('portal.uploads.remove', { name: photo.file.name })}
                </button>
              </li>
            ))}
          </ul>
        )}
        <button type="submit" aria-disabled={send.isPending ? true : undefined}>
          {t('portal.uploads.send')}
        </button>
      </form>
    </section>
  );
}
