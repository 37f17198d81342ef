import { codeAsText } from '../../shared/format';
import { useI18n } from '../../shared/i18n/I18nProvider';

/** "2 unread replies", in words for everyone. */
export function UnreadBadge({ count }: { count: number }) {
  const { t } = useI18n();
  return (
    <span className="badge badge-paused">
      {count === 1 ? t('messaging.unreadReplies.one') : t('messaging.unreadReplies.other', { count })}
    </span>
  );
}

/** Open or Closed. */
export function StatusBadge({ status }: { status: string }) {
  const { t } = useI18n();
  if (status === 'open') {
    return <span className="badge badge-ok">{t('messaging.status.open')}</span>;
  }
  if (status === 'closed') {
    return <span className="badge badge-neutral">{t('messaging.status.closed')}</span>;
  }
  return <span className="badge badge-neutral">{codeAsText(status)}</span>;
}
