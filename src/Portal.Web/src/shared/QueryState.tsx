import type { UseQueryResult } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { ApiError } from './api';
import { errorMessage, type CodeMessages } from './errors';
import { useI18n } from './i18n/I18nProvider';
import { Loading } from './Status';

interface Props<T> {
  query: UseQueryResult<T>;
  /** With {@link empty}: the data holds nothing to show. */
  isEmpty?: (data: T) => boolean;
  /** What to say when {@link isEmpty}. */
  empty?: ReactNode;
  /** Words for the error codes this load can answer ("forbidden"), as {@link errorMessage} takes them. */
  errorMessages?: CodeMessages;
  /** Called when the load answered 401: the session ended, the app shows its sign-in page. */
  onSessionEnded?: () => void;
  children: (data: T) => ReactNode;
}

/**
 * The states of data from the server, the same on every page: "Loading…" (role=status), the error
 * (role=alert) with a Try again button, the page's own words when there is nothing, then the data.
 */
export function QueryState<T>({ query, isEmpty, empty, errorMessages, onSessionEnded, children }: Props<T>) {
  const { t } = useI18n();
  const sessionEnded = onSessionEnded !== undefined && query.error instanceof ApiError && query.error.status === 401;

  useEffect(() => {
    if (sessionEnded) {
      onSessionEnded();
    }
  }, [sessionEnded, onSessionEnded]);

  if (query.isPending || sessionEnded) {
    return <Loading />;
  }
  // A failed reload keeps what was shown: the page says what went wrong in its own place.
  if (query.isError && query.data === undefined) {
    return (
      <div className="query-error">
        <div role="alert" className="message error">
          <p>{errorMessage(query.error, t, errorMessages)}</p>
        </div>
        <button type="button" onClick={() => void query.refetch()} aria-disabled={query.isFetching ? true : undefined}>
          {t('common.tryAgain')}
        </button>
      </div>
    );
  }
  if (isEmpty?.(query.data as T)) {
    return (
      <p role="status" className="empty">
        {empty}
      </p>
    );
  }
  return <>{children(query.data as T)}</>;
}
