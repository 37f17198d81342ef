import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../../../shared/errors';
import { FieldError, describedBy } from '../../../shared/FieldError';
import { formatCalendarDate, formatDateTime } from '../../../shared/format';
import { useClinicZone } from '../../../shared/clinicZone';
import { useDocumentTitle, useI18n } from '../../../shared/i18n/I18nProvider';
import { QueryState } from '../../../shared/QueryState';
import { followLink, type Navigate } from '../../../shared/useLocationPath';
import { patientPath } from '../../routes';
import { reviewApi, reviewKeys, type QueuedRegistration } from './api';

interface Props {
  slug: string;
  clinicName: string;
  navigate: Navigate;
  onSessionEnded(): void;
}

/** Patients > Registrations to review: each self-registration waits here until staff accept, merge or reject it. */
export function RegistrationReviewPage({ slug, clinicName, navigate, onSessionEnded }: Props) {
  const { t } = useI18n();
  useDocumentTitle(t('review.pageTitle', { clinic: clinicName }));
  const queueQuery = useQuery({ queryKey: reviewKeys.queue(slug), queryFn: ({ signal }) => reviewApi.pending(slug, signal) });
  const [done, setDone] = useState<string | null>(null);

  return (
    <>
      <p className="breadcrumb">{t('admin.nav.patients')}</p>
      <h1>{t('review.heading')}</h1>
      <p>{t('review.intro')}</p>
      <div role="status" className="status-region">
        {done && <p className="message success">{done}</p>}
      </div>
      <QueryState
        query={queueQuery}
        isEmpty={(queue) => queue.items.length === 0}
        empty={t('review.empty')}
        onSessionEnded={onSessionEnded}
      >
        {(queue) => (
          <ul className="review-list">
            {queue.items.map((item) => (
              <li key={item.id}>
                <ReviewCard slug={slug} item={item} navigate={navigate} onDone={setDone} />
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </>
  );
}

interface CardProps {
  slug: string;
  item: QueuedRegistration;
  navigate: Navigate;
  onDone(text: string): void;
}

function ReviewCard({ slug, item, navigate, onDone }: CardProps) {
  const { t, lang } = useI18n();
  const zone = useClinicZone();
  const queryClient = useQueryClient();
  const [mergeInto, setMergeInto] = useState(item.possibleMatches[0]?.patientId ?? '');
  const [reason, setReason] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const name = `${item.legalGivenName} ${item.legalFamilyName}`;
  const headingId = `review-${item.id}`;

  const decide = async (decision: () => Promise<unknown>, text: string) => {
    if (busy) {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await decision();
      onDone(text);
      await queryClient.invalidateQueries({ queryKey: reviewKeys.queue(slug) });
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  const reject = () => {
    if (reason.trim() === '') {
      setReasonMissing(true);
      document.getElementById(`${headingId}-reason`)?.focus();
      return;
    }
    void decide(() => reviewApi.reject(slug, item.id, reason.trim()), t('review.rejected', { name }));
  };

  return (
    <article className="review-card" aria-labelledby={headingId}>
      <h2 id={headingId}>{name}</h2>
      <dl className="review-details">
        <dt>{t('review.dateOfBirth')}</dt>
        <dd>{formatCalendarDate(item.dateOfBirth, lang)}</dd>
        <dt>{t('review.identifiers')}</dt>
        <dd>{item.identifiers.map((identifier) => `${identifier.type} ${identifier.number}${identifier.versionCode ? ` ${identifier.versionCode}` : ''}`).join(', ')}</dd>
        <dt>{t('review.contact')}</dt>
        <dd>{[...item.emails, ...item.mobiles].join(', ')}</dd>
        <dt>{t('review.submitted')}</dt>
        <dd>{formatDateTime(item.submittedAt, lang, zone)}</dd>
      </dl>
      <p>
        <a href={patientPath(slug, item.patientId)} onClick={(event) => followLink(event, navigate)}>
          {t('review.openChart', { name })}
        </a>
      </p>
      {error !== null && (
        <div role="alert" className="message error">
          <p>{errorMessage(error, t)}</p>
        </div>
      )}
      <div className="form-actions">
        <button type="button" aria-disabled={busy ? true : undefined} onClick={() => void decide(() => reviewApi.accept(slug, item.id), t('review.accepted', { name }))}>
          {t('review.accept', { name })}
        </button>
      </div>
      {item.possibleMatches.length > 0 && (
        <fieldset>
          <legend>{t('review.merge.legend')}</legend>
          <p className="help">{t('review.merge.help')}</p>
          <div className="field">
            <label htmlFor={`${headingId}-merge`}>{t('review.merge.chart')}</label>
            <select id={`${headingId}-merge`} value={mergeInto} onChange={(event) => setMergeInto(event.target.value)}>
              {item.possibleMatches.map((match) => (
                <option key={match.patientId} value={match.patientId}>
                  {match.name} – {formatCalendarDate(match.dateOfBirth, lang)}
                  {match.chartNumber ? ` – ${match.chartNumber}` : ''}
                </option>
              ))}
            </select>
          </div>
          <button
            type="button"
            className="secondary"
            aria-disabled={busy ? true : undefined}
            onClick={() => void decide(() => reviewApi.merge(slug, item.id, mergeInto), t('review.merged', { name }))}
          >
            {t('review.merge.submit')}
          </button>
        </fieldset>
      )}
      <div className="field">
        <label htmlFor={`${headingId}-reason`}>{t('review.reject.reason')}</label>
        <textarea
          id={`${headingId}-reason`}
          rows={2}
          maxLength={500}
          value={reason}
          onChange={(event) => {
            setReason(event.target.value);
            setReasonMissing(false);
          }}
          aria-invalid={reasonMissing ? true : undefined}
          aria-describedby={describedBy(`${headingId}-reason-help`, reasonMissing && `${headingId}-reason-error`)}
        />
        <p className="help" id={`${headingId}-reason-help`}>
          {t('review.reject.help')}
        </p>
        <FieldError id={`${headingId}-reason-error`} message={reasonMissing ? t('review.reject.required') : null} />
      </div>
      <button type="button" className="secondary" aria-disabled={busy ? true : undefined} onClick={reject}>
        {t('review.reject.submit', { name })}
      </button>
    </article>
  );
}
