import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../shared/api';
import type { ConversationPage, ConversationSummary } from './api';

export interface LoadedConversations {
  items: ConversationSummary[];
  hasMore: boolean;
}

/**
 * A list of conversations a page at a time, like the patient list: "Show more" asks for the next page
 * and moves the focus to the first row it added. A conversation that moved meanwhile is shown once.
 */
export function useConversationPages(
  queryKey: QueryKey,
  load: (offset: number, signal: AbortSignal) => Promise<ConversationPage>,
  onSessionEnded: () => void,
) {
  const list = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam, signal }) => load(pageParam, signal),
    initialPageParam: 0,
    getNextPageParam: (last) => (last.hasMore ? last.offset + last.items.length : undefined),
    select: (data): LoadedConversations => ({
      items: eachOnce(data.pages.flatMap((page) => page.items)),
      hasMore: data.pages.at(-1)?.hasMore ?? false,
    }),
    // Replies arrive all day: a list shown again is reloaded.
    staleTime: 0,
  });
  const [focusRow, setFocusRow] = useState<number | null>(null);
  const tableBody = useRef<HTMLTableSectionElement>(null);

  useEffect(() => {
    if (focusRow !== null) {
      tableBody.current?.rows[focusRow]?.querySelector('a')?.focus();
      setFocusRow(null);
    }
  }, [focusRow]);

  const showMore = async () => {
    if (!list.data || list.isFetchingNextPage) {
      return;
    }
    const shown = list.data.items.length;
    const result = await list.fetchNextPage();
    if (result.error instanceof ApiError && result.error.status === 401) {
      onSessionEnded();
    } else if (result.data && result.data.items.length > shown) {
      setFocusRow(shown);
    }
  };

  return { list, tableBody, showMore };
}

function eachOnce(items: ConversationSummary[]): ConversationSummary[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    if (seen.has(item.id)) {
      return false;
    }
    seen.add(item.id);
    return true;
  });
}
