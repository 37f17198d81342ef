/** The languages Portal speaks, and how the page picks one. */

export type Lang = 'en' | 'fr';

export const LANGUAGES: readonly Lang[] = ['en', 'fr'];

/** Where a chosen language is remembered in the browser. */
export const STORAGE_KEY = 'portal.lang';

/**
 * Where the language switch's choice is kept for this browser session (the tab, until it closes): it wins
 * over a signed-in patient's preferred language, which wins over the remembered choice of earlier visits.
 */
export const SESSION_STORAGE_KEY = 'portal.lang.session';

/** The URL parameter that picks a language (?lang=fr). */
export const QUERY_PARAMETER = 'lang';

/** 'fr', 'fr-CA', 'FR_ca' -> 'fr'; anything Portal does not speak -> null. */
export function parseLang(value: string | null | undefined): Lang | null {
  if (!value) {
    return null;
  }
  const base = value.trim().toLowerCase().split(/[-_]/)[0];
  return base === 'en' || base === 'fr' ? base : null;
}

export interface LanguageSources {
  /** The page's query string, e.g. "?lang=fr". */
  search?: string | null;
  /** What localStorage remembers. */
  stored?: string | null;
  /** The clinic's default language, once known. */
  clinicDefault?: string | null;
  /** The browser's languages, most preferred first. */
  browser?: readonly string[] | null;
}

/** The person's explicit choice: ?lang= first, then what they chose before. */
export function explicitLanguage(sources: Pick<LanguageSources, 'search' | 'stored'>): Lang | null {
  const query = new URLSearchParams(sources.search ?? '').get(QUERY_PARAMETER);
  return parseLang(query) ?? parseLang(sources.stored);
}

/**
 * ?lang=, then the remembered choice, then the browser's languages (the person's own setting), then
 * the clinic's default (for browsers set to neither English nor French), then English.
 */
export function resolveLanguage(sources: LanguageSources): Lang {
  const explicit = explicitLanguage(sources);
  if (explicit) {
    return explicit;
  }
  for (const candidate of sources.browser ?? []) {
    const lang = parseLang(candidate);
    if (lang) {
      return lang;
    }
  }
  return parseLang(sources.clinicDefault) ?? 'en';
}

export function otherLanguage(lang: Lang): Lang {
  return lang === 'en' ? 'fr' : 'en';
}

export function readStoredLanguage(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function storeLanguage(lang: Lang): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Storage can be unavailable (private browsing): the choice then lasts for this page only.
  }
}

export function readSessionLanguage(): Lang | null {
  try {
    return parseLang(window.sessionStorage.getItem(SESSION_STORAGE_KEY));
  } catch {
    return null;
  }
}

export function storeSessionLanguage(lang: Lang | null): void {
  try {
    if (lang) {
      window.sessionStorage.setItem(SESSION_STORAGE_KEY, lang);
    } else {
      window.sessionStorage.removeItem(SESSION_STORAGE_KEY);
    }
  } catch {
    // Without storage the choice lasts for this page only, as the state holds it.
  }
}

/**
 * The page's language: ?lang=, then the switch used in this browser session, then the signed-in
 * person's preferred language, then the choice remembered from earlier visits, then the browser's
 * languages, then the clinic's default, then English.
 */
export function pageLanguage(sources: LanguageSources & { session?: string | null; preferred?: string | null }): Lang {
  const query = parseLang(new URLSearchParams(sources.search ?? '').get(QUERY_PARAMETER));
  return (
    query ??
    parseLang(sources.session) ??
    parseLang(sources.preferred) ??
    resolveLanguage({ stored: sources.stored, clinicDefault: sources.clinicDefault, browser: sources.browser })
  );
}

export function browserLanguages(): string[] {
  if (typeof navigator === 'undefined') {
    return [];
  }
  const list = navigator.languages?.length ? [...navigator.languages] : [];
  return navigator.language ? [navigator.language, ...list] : list;
}
