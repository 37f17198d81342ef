import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { ApiError } from '../../shared/api';
import { errorMessage, type CodeMessages } from '../../shared/errors';
import { formatDateTime } from '../../shared/format';
import { useDocumentTitle, useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey, type Params } from '../../shared/i18n/translate';
import { QueryState } from '../../shared/QueryState';
import { operatorApi, type NotificationState, type QueuedNotification } from '../api';
import { CHANNEL_KEYS, NOTIFICATION_CHANNELS, NOTIFICATION_STATES, NOTIFICATION_STATE_KEYS, codeName } from './labels';
import { TestMessageForm } from './TestMessageForm';
import { DataTable } from '../DataTable';

type Filter = NotificationState | 'all';

/** The list's filter: failed first, since those are what an operator comes to look at. */
const FILTERS: readonly { value: Filter; key: string }[] = [
  { value: 'failed', key: msgKey('operator.notifications.state.failed') },
  { value: 'pending', key: msgKey('operator.notifications.state.pending') },
  { value: 'held', key: msgKey('operator.notifications.state.held') },
  { value: 'sending', key: msgKey('operator.notifications.state.sending') },
  { value: 'sent', key: msgKey('operator.notifications.state.sent') },
  { value: 'all', key: msgKey('operator.notifications.filter.all') },
];

const INITIAL_FILTER: Filter = 'failed';

const RETRY_ERRORS: CodeMessages = {
  not_failed: msgKey('operator.notifications.error.notFailed'),
  notification_not_found: msgKey('operator.notifications.error.notFound'),
  forbidden: msgKey('admin.forbidden'),
};

const LOAD_ERRORS: CodeMessages = { forbidden: msgKey('admin.forbidden') };

const SUMMARY_KEY = ['operator', 'notifications', 'summary'];
const listKey = (state: Filter) => ['operator', 'notifications', 'list', state];
const listOf = (state: Filter, signal?: AbortSignal) => operatorApi.notifications(state === 'all' ? null : state, signal);

interface Message {
  key: string;
  params?: Params;
}

/** The notification queue: how many in each state, the latest of one state, retrying failed ones, and a test message. */
export function NotificationsPage({ onSessionEnded }: { onSessionEnded(): void }) {
  const { t, lang } = useI18n();
  useDocumentTitle(t('operator.notifications.pageTitle'));
  const [filter, setFilter] = useState<Filter>(INITIAL_FILTER);
  const queryClient = useQueryClient();
  const summaryQuery = useQuery({ queryKey: SUMMARY_KEY, queryFn: ({ signal }) => operatorApi.notificationSummary(signal) });
  const listQuery = useQuery({ queryKey: listKey(filter), queryFn: ({ signal }) => listOf(filter, signal) });
  const summary = summaryQuery.data ?? null;
  const [status, setStatus] = useState<Message | null>(null);
  const [retrying, setRetrying] = useState<string | null>(null);
  const [retryError, setRetryError] = useState<unknown>(null);
  const listHeading = useRef<HTMLHeadingElement>(null);

  /** Loads the summary and the list again; answers the list, or null when it failed (the sections say why). */
  const load = async (state: Filter): Promise<QueuedNotification[] | null> => {
    try {
      const [, notifications] = await Promise.all([
        queryClient.fetchQuery({ queryKey: SUMMARY_KEY, queryFn: ({ signal }) => operatorApi.notificationSummary(signal), staleTime: 0 }),
        queryClient.fetchQuery({ queryKey: listKey(state), queryFn: ({ signal }) => listOf(state, signal), staleTime: 0 }),
      ]);
      return notifications;
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 401) {
        onSessionEnded();
      }
      return null;
    }
  };

  const shown = (count: number): Message => ({
    key:
      new Intl.PluralRules(lang).select(count) === 'one'
        ? msgKey('operator.notifications.shown.one')
        : msgKey('operator.notifications.shown.other'),
    params: { count },
  });

  const changeFilter = async (next: Filter) => {
    setFilter(next);
    setStatus(null);
    setRetryError(null);
    const notifications = await load(next);
    if (notifications) {
      setStatus(shown(notifications.length));
    }
  };

  const refresh = async () => {
    setStatus(null);
    setRetryError(null);
    if (await load(filter)) {
      setStatus({ key: msgKey('operator.notifications.reloaded') });
    }
  };

  const retry = async (notification: QueuedNotification) => {
    if (retrying) {
      return;
    }
    setRetrying(notification.id);
    setStatus(null);
    setRetryError(null);
    try {
      await operatorApi.retryNotification(notification.id);
      await load(filter);
      // The Retry button is gone with the failed state: keep the focus near the list, then say what happened.
      listHeading.current?.focus();
      setStatus({ key: msgKey('operator.notifications.retried'), params: { recipient: notification.recipient } });
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 401) {
        onSessionEnded();
        return;
      }
      setRetryError(caught);
    } finally {
      setRetrying(null);
    }
  };

  const count = (state: string, channel: string) =>
    summary?.counts.filter((entry) => entry.state === state && entry.channel === channel).reduce((sum, entry) => sum + entry.count, 0) ?? 0;
  const number = new Intl.NumberFormat(lang);

  return (
    <>
      <h1>{t('operator.notifications.heading')}</h1>
      <p>{t('operator.notifications.intro')}</p>
      <div className="form-actions">
        <button type="button" className="secondary" onClick={() => void refresh()}>
          {t('operator.refresh')}
        </button>
      </div>
      <section className="operator-card">
        <h2 id="queue-heading">{t('operator.notifications.summary.heading')}</h2>
        <QueryState query={summaryQuery} errorMessages={LOAD_ERRORS} onSessionEnded={onSessionEnded}>
          {(summary) => (
          <>
            <div className="table-fit">
              <table className="data-table summary-table">
                <caption>{t('operator.notifications.summary.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('operator.notifications.column.state')}</th>
                    {NOTIFICATION_CHANNELS.map((channel) => (
                      <th scope="col" key={channel} className="number">
                        {codeName(CHANNEL_KEYS, channel, t)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {NOTIFICATION_STATES.map((state) => (
                    <tr key={state}>
                      <th scope="row">{codeName(NOTIFICATION_STATE_KEYS, state, t)}</th>
                      {NOTIFICATION_CHANNELS.map((channel) => (
                        <td key={channel} className="number">
                          {number.format(count(state, channel))}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {summary.oldestDueAt && (
              <p className="oldest">{t('operator.notifications.oldest', { date: formatDateTime(summary.oldestDueAt, lang, null, 'long') })}</p>
            )}
          </>
          )}
        </QueryState>
      </section>

      <section className="operator-card">
        <h2 id="list-heading" tabIndex={-1} ref={listHeading}>
          {t('operator.notifications.list.heading')}
        </h2>
        <div className="field">
          <label htmlFor="notifications-filter">{t('operator.notifications.filter')}</label>
          <select id="notifications-filter" value={filter} onChange={(event) => void changeFilter(event.target.value as Filter)}>
            {FILTERS.map((option) => (
              <option key={option.value} value={option.value}>
                {t(option.key)}
              </option>
            ))}
          </select>
        </div>
        <div role="status" className="status-region">
          {status && <p className="message success">{t(status.key, status.params)}</p>}
        </div>
        {retryError !== null && (
          <div role="alert" className="message error">
            <p>
              <strong>{t('operator.notifications.error.retry')}</strong> {errorMessage(retryError, t, RETRY_ERRORS)}
            </p>
          </div>
        )}
        <QueryState
          query={listQuery}
          errorMessages={LOAD_ERRORS}
          onSessionEnded={onSessionEnded}
          isEmpty={(list) => list.length === 0}
          empty={t('operator.notifications.list.empty')}
        >
          {(list) => (
          <DataTable labelledBy="list-heading" className="notifications-table">
            <thead>
              <tr>
                <th scope="col">{t('operator.notifications.column.created')}</th>
                <th scope="col">{t('operator.notifications.column.clinic')}</th>
                <th scope="col">{t('operator.notifications.column.template')}</th>
                <th scope="col">{t('operator.notifications.column.channel')}</th>
                <th scope="col">{t('operator.notifications.column.recipient')}</th>
                <th scope="col">{t('operator.notifications.column.state')}</th>
                <th scope="col">{t('operator.notifications.column.attempts')}</th>
                <th scope="col">{t('operator.notifications.column.lastError')}</th>
                <th scope="col">{t('operator.notifications.column.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((notification) => {
                const rowId = `notification-${notification.id}`;
                return (
                  <tr key={notification.id}>
                    <td className="nowrap-wide">{formatDateTime(notification.createdAt, lang, null, 'long')}</td>
                    <td>{notification.clinicName ?? t('operator.notifications.platform')}</td>
                    <td id={`${rowId}-template`}>
                      {notification.template}
                    </td>
                    <td>{codeName(CHANNEL_KEYS, notification.channel, t)}</td>
                    <td id={`${rowId}-recipient`}>
                      {notification.recipient}
                    </td>
                    <td>
                      <span className={notification.state === 'failed' ? 'outcome-failed' : undefined}>
                        {codeName(NOTIFICATION_STATE_KEYS, notification.state, t)}
                      </span>
                    </td>
                    <td className="nowrap">
                      {t('operator.notifications.attempts', {
                        attempts: number.format(notification.attempts),
                        max: number.format(notification.maxAttempts),
                      })}
                    </td>
                    <td className="cell-error">
                      {notification.lastError}
                      {notification.providerStatus && (
                        <span className="cell-note">
                          {t('operator.notifications.providerStatus', { status: notification.providerStatus })}
                        </span>
                      )}
                    </td>
                    <td>
                      {notification.state === 'failed' && (
                        <button
                          type="button"
                          className="secondary"
                          aria-describedby={`${rowId}-template ${rowId}-recipient`}
                          aria-disabled={retrying !== null || undefined}
                          onClick={() => void retry(notification)}
                        >
                          {t('operator.notifications.retry')}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
                    </DataTable>
          )}
        </QueryState>
      </section>

      <TestMessageForm onSent={() => void load(filter)} onSessionEnded={onSessionEnded} />
    </>
  );
}
