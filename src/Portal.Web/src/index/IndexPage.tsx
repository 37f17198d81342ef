import { useDocumentTitle, useI18n } from '../shared/i18n/I18nProvider';
import { LanguageSwitch } from '../shared/LanguageSwitch';

/** The site's root, /: points patients to their clinic's own address. */
export function IndexPage() {
  const { t } = useI18n();
  useDocumentTitle(t('index.heading'));
  return (
    <div className="index">
      <header className="index-header">
        <LanguageSwitch />
      </header>
      <main className="index-main" id="main">
        <h1>{t('index.heading')}</h1>
        <p>{t('index.text')}</p>
      </main>
    </div>
  );
}
