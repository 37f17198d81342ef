import { useI18n } from './i18n/I18nProvider';
import { otherLanguage } from './i18n/language';

/**
 * Reads "Français" on an English page and "English" on a French one; switches at once, wins over a signed-in
 * patient's preferred language for the rest of this browser session, and is remembered for later visits.
 */
export function LanguageSwitch({ className }: { className?: string }) {
  const { lang, setLang, t } = useI18n();
  const target = otherLanguage(lang);
  return (
    <button type="button" className={className ? `language-switch ${className}` : 'language-switch'} onClick={() => setLang(target)}>
      <span lang={target}>{t('language.switch')}</span>
    </button>
  );
}
