import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../shared/api';
import { errorMessage } from '../../shared/errors';
import { formatDateTime } from '../../shared/format';
import { useClinicZone } from '../../shared/clinicZone';
import { useI18n } from '../../shared/i18n/I18nProvider';
import { QueryState } from '../../shared/QueryState';
import { Loading } from '../../shared/Status';
import { followLink, type Navigate } from '../../shared/useLocationPath';
import { PAGE_NAME_KEYS, PortalPage } from '../PortalPage';
import { conversationPath } from '../routes';
import { messagesApi, messagesKeys, type MyConversationItem } from './api';

interface Props {
  slug: string;
  clinicName: string;
  navigate: Navigate;
  onSessionEnded(): void;
}

interface Loaded {
  items: MyConversationItem[];
  unreadConversations: number;
  hasMore: boolean;
}

/** Messages: the conversations with new messages first, each marked, then the earlier ones. */
export function MessagesPage({ slug, clinicName, navigate, onSessionEnded }: Props) {
  const { t } = useI18n();
  const list = useInfiniteQuery({
    queryKey: messagesKeys.list(slug),
    queryFn: ({ pageParam, signal }) => messagesApi.list(slug, pageParam, signal),
    initialPageParam: 0,
    getNextPageParam: (last) => (last.hasMore ? last.offset + last.items.length : undefined),
    select: (data): Loaded => ({
      items: eachOnce(data.pages.flatMap((page) => page.items)),
      unreadConversations: data.pages[0]?.unreadConversations ?? 0,
      hasMore: data.pages.at(-1)?.hasMore ?? false,
    }),
    // New messages arrive while the patient is away: the list is reloaded each time it is shown.
    staleTime: 0,
  });
  const [focusId, setFocusId] = useState<string | null>(null);
  const listRoot = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (focusId) {
      listRoot.current?.querySelector<HTMLAnchorElement>(`a[data-id="${CSS.escape(focusId)}"]`)?.focus();
      setFocusId(null);
    }
  }, [focusId]);

  const showMore = async () => {
    if (!list.data || list.isFetchingNextPage) {
      return;
    }
    const shown = list.data.items.length;
    const result = await list.fetchNextPage();
    if (result.error instanceof ApiError && result.error.status === 401) {
      onSessionEnded();
    } else if (result.data && result.data.items.length > shown) {
      setFocusId(result.data.items[shown]!.id);
    }
  };

  return (
    <PortalPage slug={slug} clinicName={clinicName} title={t(PAGE_NAME_KEYS.messages)} homeLink navigate={navigate}>
      <p>{t('portal.messages.intro')}</p>
      <QueryState
        query={list}
        onSessionEnded={onSessionEnded}
        isEmpty={(loaded) => loaded.items.length === 0}
        empty={
          <>
            <span className="portal-lead">{t('portal.messages.empty')}</span> {t('portal.messages.later')}
          </>
        }
      >
        {(loaded) => {
          const unread = loaded.items.filter((item) => item.unreadMessages > 0);
          const earlier = loaded.items.filter((item) => item.unreadMessages === 0);
          return (
            <div ref={listRoot}>
              <p className="portal-lead">
                {loaded.unreadConversations === 0
                  ? t('portal.messages.noneUnread')
                  : loaded.unreadConversations === 1
                    ? t('portal.messages.unreadCount.one')
                    : t('portal.messages.unreadCount.other', { count: loaded.unreadConversations })}
              </p>
              {unread.length > 0 && (
                <ConversationList id="messages-new" heading={t('portal.messages.newHeading')} items={unread} slug={slug} navigate={navigate} />
              )}
              {earlier.length > 0 && (
                <ConversationList id="messages-old" heading={t('portal.messages.oldHeading')} items={earlier} slug={slug} navigate={navigate} />
              )}
              {loaded.hasMore && (
                <p>
                  <button
                    type="button"
                    className="secondary"
                    aria-disabled={list.isFetchingNextPage ? true : undefined}
                    onClick={() => void showMore()}
                  >
                    {t('portal.messages.more')}
                  </button>
                </p>
              )}
              {list.isFetchingNextPage && <Loading />}
              {list.isFetchNextPageError && (
                <div role="alert" className="message error">
                  <p>{errorMessage(list.error, t)}</p>
                </div>
              )}
            </div>
          );
        }}
      </QueryState>
    </PortalPage>
  );
}

/** A conversation with a new message moves to the top meanwhile and can come again on a later page: it is shown once. */
function eachOnce(items: MyConversationItem[]): MyConversationItem[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    if (seen.has(item.id)) {
      return false;
    }
    seen.add(item.id);
    return true;
  });
}

interface ListProps {
  id: string;
  heading: string;
  items: MyConversationItem[];
  slug: string;
  navigate: Navigate;
}

function ConversationList({ id, heading, items, slug, navigate }: ListProps) {
  const { t, lang } = useI18n();
  const zone = useClinicZone();
  return (
    <section aria-labelledby={id}>
      <h3 id={id}>{heading}</h3>
      <ul className="portal-conversations">
        {items.map((item) => {
          const unread = item.unreadMessages > 0;
          return (
            <li key={item.id} className={unread ? 'portal-conversation portal-conversation-unread' : 'portal-conversation'}>
              <a href={conversationPath(slug, item.id)} data-id={item.id} onClick={(event) => followLink(event, navigate)}>
                {unread ? <strong>{item.subject}</strong> : item.subject}
                {unread && (
                  <>
                    {' '}
                    <span className="portal-badge">
                      {item.unreadMessages === 1
                        ? t('portal.messages.unread.one')
                        : t('portal.messages.unread.other', { count: item.unreadMessages })}
                    </span>
                  </>
                )}
              </a>
              <p className="help">
                {t('portal.messages.lastActivity', { date: formatDateTime(item.lastMessageAt, lang, zone) })}
                {item.closed && (
                  <>
                    {' · '}
                    {t('portal.messages.closed')}
                  </>
                )}
              </p>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
