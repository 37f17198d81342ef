import { useI18n } from '../../shared/i18n/I18nProvider';
import { followLink, type Navigate } from '../../shared/useLocationPath';

/** "Messages", above the heading of the pages under the inbox, back to it. */
export function MessagingBreadcrumb({ href, navigate }: { href: string; navigate: Navigate }) {
  const { t } = useI18n();
  return (
    <p className="breadcrumb">
      <a href={href} onClick={(event) => followLink(event, navigate)}>
        {t('messaging.breadcrumb')}
      </a>
    </p>
  );
}
