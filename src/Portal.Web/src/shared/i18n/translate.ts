import type { Lang } from './language';

export type Catalog = Readonly<Record<string, string>>;

/** One catalog per language; French must have exactly the English keys (the tests check it). */
export interface Catalogs {
  en: Catalog;
  fr: Catalog;
}

export type Params = Readonly<Record<string, string | number>>;

export type Translate = (key: string, params?: Params) => string;

/** Several feature catalogs as one. */
export function mergeCatalogs(...parts: Catalogs[]): Catalogs {
  return {
    en: Object.assign({}, ...parts.map((part) => part.en)) as Catalog,
    fr: Object.assign({}, ...parts.map((part) => part.fr)) as Catalog,
  };
}

/** Replaces {name} with params.name. */
export function interpolate(template: string, params?: Params): string {
  if (!params) {
    return template;
  }
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

export function createTranslate(catalogs: Catalogs, lang: Lang): Translate {
  const catalog = catalogs[lang];
  return (key, params) => {
    const template = catalog[key];
    if (template === undefined) {
      if (import.meta.env.DEV) {
        console.warn(`Missing ${lang} message: ${key}`);
      }
      return key;
    }
    return interpolate(template, params);
  };
}

/**
 * Marks a message key used indirectly (for example in a table of status names), so that the
 * tests that check every key used in the source also see it. Returns the key unchanged.
 */
export function msgKey<K extends string>(key: K): K {
  return key;
}
