import { formatDateTime } from '../../shared/format';
import { useClinicZone } from '../../shared/clinicZone';
import { useI18n } from '../../shared/i18n/I18nProvider';
import type { StaffMessage } from './api';

export type MessageNotification = StaffMessage['notifications'][number];

const BADGES: Record<string, string> = {
  queued: 'badge badge-neutral',
  sent: 'badge badge-ok',
  delivered: 'badge badge-ok',
  failed: 'badge badge-error',
};

/**
 * How the patient was told of a staff message: each channel's masked recipient and state in words
 * (the colour only repeats them), with the provider's reason when it failed, or "Not notified".
 */
export function DeliveryState({ notifications }: { notifications: readonly MessageNotification[] }) {
  const { t, lang } = useI18n();
  const zone = useClinicZone();
  if (notifications.length === 0) {
    return (
      <p className="conversation-delivery">
        <span className="badge badge-neutral">{t('messaging.delivery.none')}</span> <span className="help">{t('messaging.delivery.none.help')}</span>
      </p>
    );
  }

  return (
    <ul className="conversation-delivery" aria-label={t('messaging.delivery.label')}>
      {notifications.map((notification) => {
        const words = {
          channel: t(`messaging.delivery.channel.${notification.channel}`),
          recipient: notification.recipient,
          state: t(`messaging.delivery.state.${notification.state}`),
          reason: notification.reason ?? '',
        };
        return (
          <li key={notification.channel}>
            <span className={BADGES[notification.state] ?? 'badge badge-neutral'}>
              {notification.state === 'failed' && notification.reason
                ? t('messaging.delivery.lineWithReason', words)
                : t('messaging.delivery.line', words)}
            </span>{' '}
            <time dateTime={notification.updatedAt}>{t('messaging.delivery.updated', { date: formatDateTime(notification.updatedAt, lang, zone) })}</time>
          </li>
        );
      })}
    </ul>
  );
}
