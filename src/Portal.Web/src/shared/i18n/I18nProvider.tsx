import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import {
  QUERY_PARAMETER,
  browserLanguages,
  pageLanguage,
  parseLang,
  readSessionLanguage,
  readStoredLanguage,
  storeLanguage,
  storeSessionLanguage,
  type Lang,
} from './language';
import { createTranslate, type Catalogs, type Translate } from './translate';

export interface I18n {
  lang: Lang;
  t: Translate;
  /** The language switch: switches now, wins for this browser session and is remembered for later visits. */
  setLang(lang: Lang): void;
  /** The signed-in person's preferred language (null once nobody is signed in); the language switch still wins. */
  setPreferredLanguage(lang: string | null): void;
  /** The person changed their preferred language: the page follows it now, over any earlier switch. */
  adoptPreferredLanguage(lang: Lang): void;
  /** The clinic's default language, used when neither the person nor the browser picks English or French. */
  setClinicDefault(lang: string | null): void;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ catalogs, children }: { catalogs: Catalogs; children: ReactNode }) {
  // ?lang= in the address, or the switch used earlier in this browser session.
  const [switched, setSwitched] = useState<Lang | null>(
    () => parseLang(new URLSearchParams(window.location.search).get(QUERY_PARAMETER)) ?? readSessionLanguage(),
  );
  const [remembered, setRemembered] = useState<Lang | null>(() => parseLang(readStoredLanguage()));
  const [preferred, setPreferred] = useState<Lang | null>(null);
  const [clinicDefault, setClinicDefaultState] = useState<Lang | null>(null);

  const lang = pageLanguage({ session: switched, preferred, stored: remembered, clinicDefault, browser: browserLanguages() });

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const setLang = useCallback((next: Lang) => {
    storeLanguage(next);
    storeSessionLanguage(next);
    setRemembered(next);
    setSwitched(next);
    keepQueryInStep(next);
  }, []);

  const setPreferredLanguage = useCallback((value: string | null) => {
    setPreferred(parseLang(value));
  }, []);

  const adoptPreferredLanguage = useCallback((next: Lang) => {
    storeSessionLanguage(null);
    storeLanguage(next);
    setSwitched(null);
    setRemembered(next);
    setPreferred(next);
    keepQueryInStep(next);
  }, []);

  const setClinicDefault = useCallback((value: string | null) => {
    setClinicDefaultState(parseLang(value));
  }, []);

  const value = useMemo<I18n>(
    () => ({ lang, t: createTranslate(catalogs, lang), setLang, setPreferredLanguage, adoptPreferredLanguage, setClinicDefault }),
    [catalogs, lang, setLang, setPreferredLanguage, adoptPreferredLanguage, setClinicDefault],
  );

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** A ?lang= in the address would win over every other source on reload: keep it in step. */
function keepQueryInStep(lang: Lang): void {
  const url = new URL(window.location.href);
  if (url.searchParams.has(QUERY_PARAMETER)) {
    url.searchParams.set(QUERY_PARAMETER, lang);
    window.history.replaceState(window.history.state, '', url);
  }
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
