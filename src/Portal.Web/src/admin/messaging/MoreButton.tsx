import type { UseInfiniteQueryResult } from '@tanstack/react-query';
import { errorMessage } from '../../shared/errors';
import { useI18n } from '../../shared/i18n/I18nProvider';
import { Loading } from '../../shared/Status';

/** "Show more conversations", with its loading state and its error. */
export function MoreButton({ list, hasMore, onMore }: { list: UseInfiniteQueryResult<unknown>; hasMore: boolean; onMore(): void }) {
  const { t } = useI18n();
  return (
    <>
      {hasMore && (
        <div className="form-actions">
          <button type="button" className="secondary" aria-disabled={list.isFetchingNextPage ? true : undefined} onClick={onMore}>
            {t('messaging.more')}
          </button>
        </div>
      )}
      {list.isFetchingNextPage && <Loading />}
      {list.isFetchNextPageError && (
        <div role="alert" className="message error">
          <p>{errorMessage(list.error, t)}</p>
        </div>
      )}
    </>
  );
}
