/** The languages Portal speaks, and how the page picks one. */

export type Lang = 'en' | 'fr';

export const LANGUAGES: readonly Lang[] = ['en', 'fr'];

/** Where a chosen language is remembered in the browser. */
export const STORAGE_KEY = 'portal.lang';

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

export function browserLanguages(): string[] {
  if (typeof navigator === 'undefined') {
    return [];
  }
  const list = navigator.languages?.length ? [...navigator.languages] : [];
  return navigator.language ? [navigator.language, ...list] : list;
}
