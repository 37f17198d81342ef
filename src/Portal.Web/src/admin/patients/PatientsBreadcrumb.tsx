import { useI18n } from '../../shared/i18n/I18nProvider';
import { followLink, type Navigate } from '../../shared/useLocationPath';

/** "Patients", above the heading of the pages under the list, back to it. */
export function PatientsBreadcrumb({ href, navigate }: { href: string; navigate: Navigate }) {
  const { t } = useI18n();
  return (
    <p className="breadcrumb">
      <a href={href} onClick={(event) => followLink(event, navigate)}>
        {t('patients.breadcrumb')}
      </a>
    </p>
  );
}
