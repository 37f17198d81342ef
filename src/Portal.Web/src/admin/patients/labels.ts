import { localeOf } from '../../shared/format';
import type { Lang } from '../../shared/i18n/language';
import { msgKey, type Translate } from '../../shared/i18n/translate';
import { HEALTH_CARD_KEYS, type Keys } from '../../shared/patientLabels';
import type { ContactMethod, Country, IdTypes, PatientLanguage, Sex } from './api';

/** Code -> message key tables for what the Registration pages show, and the small formatters they share. */

export {
  CONTACT_METHOD_KEYS,
  COUNTRY_KEYS,
  HEALTH_CARD_KEYS,
  PATIENT_LANGUAGE_KEYS,
  PROVINCES,
  PROVINCE_KEYS,
  SEX_KEYS,
  US_STATE_KEYS,
  formatPhone,
  nameOf,
  regionName,
  regionsOf,
  sortByName,
  type Keys,
} from '../../shared/patientLabels';
export { describedBy } from '../../shared/FieldError';

export const COUNTRIES: readonly Country[] = ['CA', 'US'];

export const SEXES: readonly Sex[] = ['female', 'male', 'x', 'unknown'];

export const CONTACT_METHODS: readonly ContactMethod[] = ['email', 'sms', 'both'];

export const PATIENT_LANGUAGES: readonly PatientLanguage[] = ['en', 'fr'];

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

/** A list of names joined as the language joins them ("A, B and C"). */
export function formatList(items: string[], lang: Lang): string {
  return new Intl.ListFormat(localeOf(lang), { style: 'long', type: 'conjunction' }).format(items);
}

