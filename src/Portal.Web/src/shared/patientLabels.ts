import { codeAsText, localeOf } from './format';
import type { Lang } from './i18n/language';
import { msgKey, type Translate } from './i18n/translate';

/**
 * The patient registry's vocabulary, shared by the clinic admin and the patient portal: code ->
 * message key tables (provinces, health cards, sexes, contact methods...) and small formatters.
 */

export type Keys = Readonly<Record<string, string>>;

/** The name of a code from one of the tables; a code the page does not know (a newer server) as text. */
export function nameOf(keys: Keys, code: string, t: Translate): string {
  const key = keys[code];
  return key ? t(key) : codeAsText(code);
}

/** The provinces and territories, by code. */
export const PROVINCES = ['AB', 'BC', 'MB', 'NB', 'NL', 'NS', 'NT', 'NU', 'ON', 'PE', 'QC', 'SK', 'YT'] as const;

export const PROVINCE_KEYS: Keys = {
  AB: msgKey('province.AB'),
  BC: msgKey('province.BC'),
  MB: msgKey('province.MB'),
  NB: msgKey('province.NB'),
  NL: msgKey('province.NL'),
  NS: msgKey('province.NS'),
  NT: msgKey('province.NT'),
  NU: msgKey('province.NU'),
  ON: msgKey('province.ON'),
  PE: msgKey('province.PE'),
  QC: msgKey('province.QC'),
  SK: msgKey('province.SK'),
  YT: msgKey('province.YT'),
};

/** Each province's health card, named with its plan ("Ontario (OHIP)"). */
export const HEALTH_CARD_KEYS: Keys = {
  AB: msgKey('healthCard.AB'),
  BC: msgKey('healthCard.BC'),
  MB: msgKey('healthCard.MB'),
  NB: msgKey('healthCard.NB'),
  NL: msgKey('healthCard.NL'),
  NS: msgKey('healthCard.NS'),
  NT: msgKey('healthCard.NT'),
  NU: msgKey('healthCard.NU'),
  ON: msgKey('healthCard.ON'),
  PE: msgKey('healthCard.PE'),
  QC: msgKey('healthCard.QC'),
  SK: msgKey('healthCard.SK'),
  YT: msgKey('healthCard.YT'),
};

export const US_STATE_KEYS: Keys = {
  AL: msgKey('usState.AL'),
  AK: msgKey('usState.AK'),
  AZ: msgKey('usState.AZ'),
  AR: msgKey('usState.AR'),
  CA: msgKey('usState.CA'),
  CO: msgKey('usState.CO'),
  CT: msgKey('usState.CT'),
  DE: msgKey('usState.DE'),
  DC: msgKey('usState.DC'),
  FL: msgKey('usState.FL'),
  GA: msgKey('usState.GA'),
  HI: msgKey('usState.HI'),
  ID: msgKey('usState.ID'),
  IL: msgKey('usState.IL'),
  IN: msgKey('usState.IN'),
  IA: msgKey('usState.IA'),
  KS: msgKey('usState.KS'),
  KY: msgKey('usState.KY'),
  LA: msgKey('usState.LA'),
  ME: msgKey('usState.ME'),
  MD: msgKey('usState.MD'),
  MA: msgKey('usState.MA'),
  MI: msgKey('usState.MI'),
  MN: msgKey('usState.MN'),
  MS: msgKey('usState.MS'),
  MO: msgKey('usState.MO'),
  MT: msgKey('usState.MT'),
  NE: msgKey('usState.NE'),
  NV: msgKey('usState.NV'),
  NH: msgKey('usState.NH'),
  NJ: msgKey('usState.NJ'),
  NM: msgKey('usState.NM'),
  NY: msgKey('usState.NY'),
  NC: msgKey('usState.NC'),
  ND: msgKey('usState.ND'),
  OH: msgKey('usState.OH'),
  OK: msgKey('usState.OK'),
  OR: msgKey('usState.OR'),
  PA: msgKey('usState.PA'),
  RI: msgKey('usState.RI'),
  SC: msgKey('usState.SC'),
  SD: msgKey('usState.SD'),
  TN: msgKey('usState.TN'),
  TX: msgKey('usState.TX'),
  UT: msgKey('usState.UT'),
  VT: msgKey('usState.VT'),
  VA: msgKey('usState.VA'),
  WA: msgKey('usState.WA'),
  WV: msgKey('usState.WV'),
  WI: msgKey('usState.WI'),
  WY: msgKey('usState.WY'),
  AS: msgKey('usState.AS'),
  GU: msgKey('usState.GU'),
  MP: msgKey('usState.MP'),
  PR: msgKey('usState.PR'),
  VI: msgKey('usState.VI'),
};

export const COUNTRY_KEYS: Keys = {
  CA: msgKey('country.CA'),
  US: msgKey('country.US'),
};

/** The regions of a country (provinces and territories, or states), sorted by their name in the page's language. */
export function regionsOf(country: string, lang: Lang, t: Translate): { code: string; name: string }[] {
  const keys = country === 'US' ? US_STATE_KEYS : PROVINCE_KEYS;
  return sortByName(
    Object.keys(keys).map((code) => ({ code, name: t(keys[code]!) })),
    lang,
  );
}

export function regionName(country: string, code: string, t: Translate): string {
  const key = (country === 'US' ? US_STATE_KEYS : PROVINCE_KEYS)[code];
  return key ? t(key) : code;
}

export function sortByName<T extends { name: string }>(items: T[], lang: Lang): T[] {
  const collator = new Intl.Collator(localeOf(lang));
  return [...items].sort((a, b) => collator.compare(a.name, b.name));
}

export const SEX_KEYS: Keys = {
  female: msgKey('sex.female'),
  male: msgKey('sex.male'),
  x: msgKey('sex.x'),
  unknown: msgKey('sex.unknown'),
};

export const CONTACT_METHOD_KEYS: Keys = {
  email: msgKey('contactMethod.email'),
  sms: msgKey('contactMethod.sms'),
  both: msgKey('contactMethod.both'),
};

export const PATIENT_LANGUAGE_KEYS: Keys = {
  en: msgKey('patientLanguage.en'),
  fr: msgKey('patientLanguage.fr'),
};

/** A North American number in E.164 ("+16135550123") as people write it ("+1 613-555-0123"); others as sent. */
export function formatPhone(value: string): string {
  const match = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(value);
  return match ? `+1 ${match[1]}-${match[2]}-${match[3]}` : value;
}
