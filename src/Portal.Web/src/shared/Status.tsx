import { useI18n } from './i18n/I18nProvider';

/** "Loading…", announced politely. */
export function Loading() {
  const { t } = useI18n();
  return (
    <p role="status" className="loading">
      {t('common.loading')}
    </p>
  );
}
