import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useDocumentTitle, useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey } from '../../shared/i18n/translate';
import { QueryState } from '../../shared/QueryState';
import { followLink, type Navigate } from '../../shared/useLocationPath';
import { bulkPath, clinicAdminPath, composePath } from '../routes';
import { INBOX_STATUSES, inboxSearch, messagingApi, messagingKeys, parseInboxFilter, type InboxFilter, type InboxStatus } from './api';
import { ConversationTable } from './ConversationTable';
import { MoreButton } from './MoreButton';
import { useConversationPages } from './useConversationPages';

const STATUS_KEYS: Record<InboxStatus, string> = {
  all: msgKey('messaging.inbox.status.all'),
  open: msgKey('messaging.inbox.status.open'),
  closed: msgKey('messaging.inbox.status.closed'),
};

const LOAD_ERRORS = { forbidden: msgKey('admin.forbidden') };

interface Props {
  slug: string;
  clinicName: string;
  /** The address's query string: the filter. */
  search: string;
  navigate: Navigate;
  onSessionEnded(): void;
}

/** The clinic inbox (X11): conversations with unread patient replies first, filtered by state, unread and assignee. */
export function InboxPage({ slug, clinicName, search, navigate, onSessionEnded }: Props) {
  const { t } = useI18n();
  useDocumentTitle(t('messaging.inbox.pageTitle', { clinic: clinicName }));
  const filter = useMemo(() => parseInboxFilter(search), [search]);
  const [draft, setDraft] = useState<InboxFilter>(filter);

  // Back and Forward change the address: the form follows it.
  useEffect(() => setDraft(filter), [filter]);

  const { list, tableBody, showMore } = useConversationPages(
    messagingKeys.inbox(slug, filter),
    (offset, signal) => messagingApi.inbox(slug, filter, offset, signal),
    onSessionEnded,
  );

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next = `${clinicAdminPath(slug, 'messages')}${inboxSearch(draft)}`;
    if (next === window.location.pathname + window.location.search) {
      void list.refetch();
    }
    navigate(next);
  };

  const heading = [
    t(STATUS_KEYS[filter.status]),
    ...(filter.unread ? [t('messaging.inbox.heading.unread')] : []),
    ...(filter.mine ? [t('messaging.inbox.heading.mine')] : []),
  ].join(t('messaging.inbox.heading.separator'));

  return (
    <>
      <div className="page-heading">
        <h1>{t('messaging.inbox.heading')}</h1>
        <p className="page-heading-actions">
          <a className="button" href={composePath(slug)} onClick={(event) => followLink(event, navigate)}>
            {t('messaging.newMessage')}
          </a>{' '}
          <a className="button secondary" href={clinicAdminPath(slug, 'messages/drafts')} onClick={(event) => followLink(event, navigate)}>
            {t('messaging.drafts.link')}
          </a>{' '}
          <a className="button secondary" href={bulkPath(slug)} onClick={(event) => followLink(event, navigate)}>
            {t('bulk.link')}
          </a>
        </p>
      </div>

      <form className="search-form" aria-label={t('messaging.inbox.filter')} noValidate onSubmit={submit}>
        <div className="field">
          <label htmlFor="inbox-status">{t('messaging.inbox.show')}</label>
          <select
            id="inbox-status"
            value={draft.status}
            onChange={(event) => setDraft({ ...draft, status: event.target.value as InboxStatus })}
          >
            {INBOX_STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(STATUS_KEYS[status])}
              </option>
            ))}
          </select>
        </div>
        <div className="field check">
          <input id="inbox-unread" type="checkbox" checked={draft.unread} onChange={(event) => setDraft({ ...draft, unread: event.target.checked })} />
          <label htmlFor="inbox-unread">{t('messaging.inbox.unreadOnly')}</label>
        </div>
        <div className="field check">
          <input id="inbox-mine" type="checkbox" checked={draft.mine} onChange={(event) => setDraft({ ...draft, mine: event.target.checked })} />
          <label htmlFor="inbox-mine">{t('messaging.inbox.mineOnly')}</label>
        </div>
        <div className="form-actions">
          <button type="submit">{t('messaging.inbox.apply')}</button>
        </div>
      </form>

      <h2 id="inbox-results">{heading}</h2>
      <div role="status" className="status-region">
        {list.data && (
          <p>
            {list.data.items.length === 0
              ? t('messaging.inbox.empty')
              : list.data.hasMore
                ? t('messaging.count.more', { count: list.data.items.length })
                : list.data.items.length === 1
                  ? t('messaging.count.one')
                  : t('messaging.count.other', { count: list.data.items.length })}
          </p>
        )}
      </div>
      <QueryState query={list} errorMessages={LOAD_ERRORS} onSessionEnded={onSessionEnded}>
        {(loaded) =>
          loaded.items.length > 0 && (
            <>
              <ConversationTable slug={slug} items={loaded.items} labelledBy="inbox-results" showPatient navigate={navigate} tableBodyRef={tableBody} />
              <MoreButton list={list} hasMore={loaded.hasMore} onMore={() => void showMore()} />
            </>
          )
        }
      </QueryState>
    </>
  );
}
