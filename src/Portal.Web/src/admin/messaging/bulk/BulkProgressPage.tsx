import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { ApiError } from '../../../shared/api';
import { errorMessage, type CodeMessages } from '../../../shared/errors';
import { formatDateTime } from '../../../shared/format';
import { useClinicZone } from '../../../shared/clinicZone';
import { useDocumentTitle, useI18n } from '../../../shared/i18n/I18nProvider';
import { msgKey } from '../../../shared/i18n/translate';
import { QueryState } from '../../../shared/QueryState';
import { followLink, type Navigate } from '../../../shared/useLocationPath';
import { bulkPath, conversationAdminPath } from '../../routes';
import { MessagingBreadcrumb } from '../MessagingBreadcrumb';
import { bulkApi, bulkKeys, isFinished, PROGRESS_POLL_MS, RECIPIENTS_PAGE_SIZE, type BulkMessage, type BulkRecipient, type RecipientState } from './api';

const LOAD_ERRORS: CodeMessages = { bulk_message_not_found: msgKey('bulk.progress.notFound'), forbidden: msgKey('admin.forbidden') };
const CANCEL_ERRORS: CodeMessages = { bulk_message_finished: msgKey('bulk.progress.alreadyFinished'), forbidden: msgKey('admin.forbidden') };

interface Props {
  slug: string;
  clinicName: string;
  bulkId: string;
  navigate: Navigate;
  onSessionEnded(): void;
}

/** A bulk message's progress, polled while its job runs, with Cancel, the patients sent it (with their notification's delivery) and those skipped. */
export function BulkProgressPage({ slug, clinicName, bulkId, navigate, onSessionEnded }: Props) {
  const { t } = useI18n();
  const bulk = useQuery({
    queryKey: bulkKeys.one(slug, bulkId),
    queryFn: ({ signal }) => bulkApi.get(slug, bulkId, signal),
    refetchInterval: (query) => (query.state.data && isFinished(query.state.data.state) ? false : PROGRESS_POLL_MS),
  });
  useDocumentTitle(
    bulk.data ? t('bulk.progress.pageTitle', { subject: bulk.data.subject, clinic: clinicName }) : t('bulk.pageTitle', { clinic: clinicName }),
  );
  return (
    <>
      <MessagingBreadcrumb href={bulkPath(slug)} navigate={navigate} />
      <QueryState query={bulk} errorMessages={LOAD_ERRORS} onSessionEnded={onSessionEnded}>
        {(loaded) => <Progress slug={slug} bulk={loaded} navigate={navigate} onSessionEnded={onSessionEnded} />}
      </QueryState>
    </>
  );
}

function Progress({ slug, bulk, navigate, onSessionEnded }: { slug: string; bulk: BulkMessage; navigate: Navigate; onSessionEnded(): void }) {
  const { t, lang } = useI18n();
  const zone = useClinicZone();
  const queryClient = useQueryClient();
  const [cancelling, setCancelling] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const running = !isFinished(bulk.state);

  const cancel = async () => {
    if (cancelling) {
      return;
    }
    setCancelling(true);
    setError(null);
    try {
      const cancelled = await bulkApi.cancel(slug, bulk.id);
      queryClient.setQueryData(bulkKeys.one(slug, bulk.id), cancelled);
      setNotice(t('bulk.progress.cancelled'));
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 401) {
        onSessionEnded();
        return;
      }
      setError(caught);
      alertRef.current?.focus();
      void queryClient.invalidateQueries({ queryKey: bulkKeys.one(slug, bulk.id) });
    } finally {
      setCancelling(false);
    }
  };

  return (
    <>
      <h1>{bulk.subject}</h1>
      <p>{t('bulk.progress.by', { name: bulk.createdByName, date: formatDateTime(bulk.createdAt, lang, zone) })}</p>
      <p>
        <strong>{t(`bulk.state.${bulk.state}`)}</strong>
        {bulk.failure ? ` — ${bulk.failure}` : ''}
      </p>
      <label htmlFor="bulk-progress">{t('bulk.progress.label')}</label>{' '}
      <progress id="bulk-progress" max={Math.max(bulk.selected, 1)} value={bulk.processed} />
      <div role="status" className="status-region">
        <p>
          {t('bulk.progress.counts', { processed: bulk.processed, selected: bulk.selected, sent: bulk.sent, skipped: bulk.skipped })}
        </p>
        {notice && <p className="message success">{notice}</p>}
        {cancelling && <p>{t('bulk.progress.cancelling')}</p>}
      </div>
      <div role="alert" className="alert-region" ref={alertRef} tabIndex={-1}>
        {error !== null && (
          <div className="message error">
            <p>{errorMessage(error, t, CANCEL_ERRORS)}</p>
          </div>
        )}
      </div>
      {running && (
        <p className="form-actions">
          <button type="button" className="danger" aria-disabled={cancelling ? true : undefined} onClick={() => void cancel()}>
            {t('bulk.progress.cancel')}
          </button>
        </p>
      )}
      <Recipients slug={slug} bulk={bulk} state="sent" navigate={navigate} onSessionEnded={onSessionEnded} />
      <Recipients slug={slug} bulk={bulk} state="skipped" navigate={navigate} onSessionEnded={onSessionEnded} />
    </>
  );
}

interface RecipientsProps {
  slug: string;
  bulk: BulkMessage;
  state: RecipientState;
  navigate: Navigate;
  onSessionEnded(): void;
}

function Recipients({ slug, bulk, state, navigate, onSessionEnded }: RecipientsProps) {
  const { t } = useI18n();
  const running = !isFinished(bulk.state);
  const list = useInfiniteQuery({
    queryKey: bulkKeys.recipients(slug, bulk.id, state, 0),
    queryFn: ({ pageParam, signal }) => bulkApi.recipients(slug, bulk.id, state, pageParam, signal),
    initialPageParam: 0,
    getNextPageParam: (last) => (last.hasMore ? last.offset + RECIPIENTS_PAGE_SIZE : undefined),
    // Delivery states move on after the job ends (queued, then sent), so the sent list keeps polling while any is queued.
    refetchInterval: (query) =>
      running || (state === 'sent' && query.state.data?.pages.some((page) => page.items.some((item) => item.deliveries.some((d) => d.state === 'queued'))))
        ? PROGRESS_POLL_MS
        : false,
  });
  const headingId = `bulk-recipients-${state}`;
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{t(state === 'sent' ? 'bulk.recipients.sent' : 'bulk.recipients.skipped')}</h2>
      <QueryState
        query={list}
        errorMessages={LOAD_ERRORS}
        onSessionEnded={onSessionEnded}
        isEmpty={() => items.length === 0}
        empty={t('bulk.recipients.none')}
      >
        {() => (
          <>
            <div className="table-scroll">
              <table aria-labelledby={headingId}>
                <thead>
                  <tr>
                    <th scope="col">{t('bulk.column.patient')}</th>
                    {state === 'sent' ? (
                      <th scope="col">{t('bulk.column.delivery')}</th>
                    ) : (
                      <th scope="col">{t('bulk.column.reason')}</th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {items.map((item) => (
                    <RecipientRow key={item.patientId} slug={slug} item={item} navigate={navigate} />
                  ))}
                </tbody>
              </table>
            </div>
            {list.hasNextPage && (
              <p>
                <button type="button" className="secondary" aria-disabled={list.isFetchingNextPage ? true : undefined} onClick={() => void list.fetchNextPage()}>
                  {t('bulk.recipients.more')}
                </button>
              </p>
            )}
          </>
        )}
      </QueryState>
    </section>
  );
}

function RecipientRow({ slug, item, navigate }: { slug: string; item: BulkRecipient; navigate: Navigate }) {
  const { t } = useI18n();
  return (
    <tr>
      <td>
        {item.conversationId ? (
          <a href={conversationAdminPath(slug, item.conversationId)} onClick={(event) => followLink(event, navigate)}>
            {item.displayName ?? t('bulk.unknownPatient')}
          </a>
        ) : (
          (item.displayName ?? t('bulk.unknownPatient'))
        )}
      </td>
      {item.state === 'sent' ? (
        <td>
            {item.deliveries.length === 0 ? (
              t('bulk.delivery.none')
            ) : (
              <ul className="plain">
                {item.deliveries.map((delivery) => (
                  <li key={delivery.channel}>
                    {t('bulk.delivery.entry', {
                      channel: t(delivery.channel === 'sms' ? 'bulk.channel.sms' : 'bulk.channel.email'),
                      recipient: delivery.recipient,
                      state: t(`bulk.delivery.${delivery.state}`),
                    })}
                    {delivery.reason ? ` (${delivery.reason})` : ''}
                  </li>
                ))}
              </ul>
            )}
        </td>
      ) : (
        <td>{t(`bulk.reason.${item.skipReason ?? 'no_portal_access'}`)}</td>
      )}
    </tr>
  );
}
