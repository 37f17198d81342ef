import type { Lang } from '../../shared/i18n/language';
import { msgKey, type Translate } from '../../shared/i18n/translate';
import { codeAsText } from '../settings/settingsForm';
import type { ContactMethod, Country, IdTypes, PatientLanguage, Sex } from './api';

/** Code -> message key tables for what the Registration pages show, and the small formatters they share. */

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

export const COUNTRIES: readonly Country[] = ['CA', 'US'];

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
  const collator = new Intl.Collator(lang === 'fr' ? 'fr-CA' : 'en-CA');
  return [...items].sort((a, b) => collator.compare(a.name, b.name));
}

export const SEXES: readonly Sex[] = ['female', 'male', 'x', 'unknown'];

export const SEX_KEYS: Keys = {
  female: msgKey('sex.female'),
  male: msgKey('sex.male'),
  x: msgKey('sex.x'),
  unknown: msgKey('sex.unknown'),
};

export const CONTACT_METHODS: readonly ContactMethod[] = ['email', 'sms', 'both'];

export const CONTACT_METHOD_KEYS: Keys = {
  email: msgKey('contactMethod.email'),
  sms: msgKey('contactMethod.sms'),
  both: msgKey('contactMethod.both'),
};

export const PATIENT_LANGUAGES: readonly PatientLanguage[] = ['en', 'fr'];

export const PATIENT_LANGUAGE_KEYS: Keys = {
  en: msgKey('patientLanguage.en'),
  fr: msgKey('patientLanguage.fr'),
};

export const STATUS_FILTER_KEYS: Keys = {
  active: msgKey('patients.list.status.active'),
  inactive: msgKey('patients.list.status.inactive'),
  all: msgKey('patients.list.status.all'),
};

/** The field names the server uses (in history entries and field errors), as people call them. */
export const PATIENT_FIELD_KEYS: Keys = {
  chartNumber: msgKey('patientField.chartNumber'),
  legalGivenName: msgKey('patientField.legalGivenName'),
  legalFamilyName: msgKey('patientField.legalFamilyName'),
  preferredName: msgKey('patientField.preferredName'),
  dateOfBirth: msgKey('patientField.dateOfBirth'),
  sex: msgKey('patientField.sex'),
  gender: msgKey('patientField.gender'),
  address: msgKey('patientField.address'),
  emails: msgKey('patientField.emails'),
  mobiles: msgKey('patientField.mobiles'),
  preferredContactMethod: msgKey('patientField.preferredContactMethod'),
  preferredLanguage: msgKey('patientField.preferredLanguage'),
  identifiers: msgKey('patientField.identifiers'),
  active: msgKey('patientField.active'),
  portalAccess: msgKey('patientField.portalAccess'),
};

/** What happened, for the History tab. Portal access changes say which way, below. */
export const AUDIT_ACTION_KEYS: Keys = {
  'registration.patient.created': msgKey('audit.patientCreated'),
  'registration.patient.updated': msgKey('audit.patientUpdated'),
  'registration.patient.viewed': msgKey('audit.patientViewed'),
  'registration.patient.portal_access_changed': msgKey('audit.portalAccessChanged'),
  'registration.patient.imported': msgKey('audit.patientImported'),
};

export const ACTOR_KIND_KEYS: Keys = {
  staff: msgKey('actor.staff'),
  patient: msgKey('actor.patient'),
  operator: msgKey('actor.operator'),
  system: msgKey('actor.system'),
  anonymous: msgKey('actor.anonymous'),
};

/** The field problem codes the server sends in fieldCodes. */
export const FIELD_CODE_KEYS: Keys = {
  required: msgKey('fieldCode.required'),
  too_long: msgKey('fieldCode.too_long'),
  too_short: msgKey('fieldCode.too_short'),
  invalid: msgKey('fieldCode.invalid'),
  invalid_date: msgKey('fieldCode.invalid_date'),
  date_in_future: msgKey('fieldCode.date_in_future'),
  date_too_early: msgKey('fieldCode.date_too_early'),
  invalid_email: msgKey('fieldCode.invalid_email'),
  invalid_phone: msgKey('fieldCode.invalid_phone'),
  invalid_postal_code: msgKey('fieldCode.invalid_postal_code'),
  unknown_province: msgKey('fieldCode.unknown_province'),
  unknown_country: msgKey('fieldCode.unknown_country'),
  unknown_id_type: msgKey('fieldCode.unknown_id_type'),
  id_type_twice: msgKey('fieldCode.id_type_twice'),
  id_number_format: msgKey('fieldCode.id_number_format'),
  health_card_check_digit: msgKey('fieldCode.health_card_check_digit'),
  version_code_format: msgKey('fieldCode.version_code_format'),
  version_code_not_used: msgKey('fieldCode.version_code_not_used'),
  contact_twice: msgKey('fieldCode.contact_twice'),
  too_many: msgKey('fieldCode.too_many'),
  email_required_for_method: msgKey('fieldCode.email_required_for_method'),
  mobile_required_for_method: msgKey('fieldCode.mobile_required_for_method'),
  invalid_choice: msgKey('fieldCode.invalid_choice'),
  identifier_taken: msgKey('fieldCode.identifier_taken'),
  chart_number_taken: msgKey('fieldCode.chart_number_taken'),
  restricted_field: msgKey('fieldCode.restricted_field'),
  id_type_exists: msgKey('fieldCode.id_type_exists'),
};

/** "Camille Tremblay", for headings. */
export function patientName(patient: { legalGivenName: string; legalFamilyName: string }, t: Translate): string {
  return t('patients.name.full', { given: patient.legalGivenName, family: patient.legalFamilyName });
}

/** "Tremblay, Camille", for lists sorted by family name. */
export function sortableName(patient: { legalGivenName: string; legalFamilyName: string }, t: Translate): string {
  return t('patients.name.sortable', { given: patient.legalGivenName, family: patient.legalFamilyName });
}

/** The name of an ID type: a health card from the catalogue, a clinic type by its own name in the page's language. */
export function idTypeName(code: string, idTypes: IdTypes | null, lang: Lang, t: Translate): string {
  const card = HEALTH_CARD_KEYS[code];
  if (card) {
    return t(card);
  }
  const own = idTypes?.clinicTypes.find((type) => type.code === code);
  if (own) {
    return (lang === 'fr' ? own.nameFr : own.nameEn) || own.nameEn || own.code;
  }
  return code;
}

/** A North American number in E.164 ("+16135550123") as people write it ("+1 613-555-0123"); others as sent. */
export function formatPhone(value: string): string {
  const match = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(value);
  return match ? `+1 ${match[1]}-${match[2]}-${match[3]}` : value;
}

/** A list of names joined as the language joins them ("A, B and C"). */
export function formatList(items: string[], lang: Lang): string {
  return new Intl.ListFormat(lang === 'fr' ? 'fr-CA' : 'en-CA', { style: 'long', type: 'conjunction' }).format(items);
}

export function describedBy(...ids: (string | null | false | undefined)[]): string | undefined {
  const list = ids.filter(Boolean);
  return list.length ? list.join(' ') : undefined;
}
