import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import {
  QUERY_PARAMETER,
  browserLanguages,
  explicitLanguage,
  parseLang,
  readStoredLanguage,
  resolveLanguage,
  storeLanguage,
  type Lang,
} from './language';
import { createTranslate, type Catalogs, type Translate } from './translate';

export interface I18n {
  lang: Lang;
  t: Translate;
  /** Switches now and remembers the choice. */
  setLang(lang: Lang): void;
  /** The clinic's default language, used when neither the person nor the browser picks English or French. */
  setClinicDefault(lang: string | null): void;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ catalogs, children }: { catalogs: Catalogs; children: ReactNode }) {
  const [explicit, setExplicit] = useState<Lang | null>(() =>
    explicitLanguage({ search: window.location.search, stored: readStoredLanguage() }),
  );
  const [clinicDefault, setClinicDefaultState] = useState<Lang | null>(null);

  const lang = explicit ?? resolveLanguage({ clinicDefault, browser: browserLanguages() });

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const setLang = useCallback((next: Lang) => {
    storeLanguage(next);
    setExplicit(next);
    // A ?lang= in the address would win over the stored choice on reload: keep it in step.
    const url = new URL(window.location.href);
    if (url.searchParams.has(QUERY_PARAMETER)) {
      url.searchParams.set(QUERY_PARAMETER, next);
      window.history.replaceState(window.history.state, '', url);
    }
  }, []);

  const setClinicDefault = useCallback((value: string | null) => {
    setClinicDefaultState(parseLang(value));
  }, []);

  const value = useMemo<I18n>(
    () => ({ lang, t: createTranslate(catalogs, lang), setLang, setClinicDefault }),
    [catalogs, lang, setLang, setClinicDefault],
  );

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) {
    throw new Error('useI18n must be used inside <I18nProvider>.');
  }
  return value;
}

/** Keeps document.title in step with the page and the language. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title;
  }, [title]);
}
