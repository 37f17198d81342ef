import { ApiError } from '../../shared/api';
import { msgKey, type Translate } from '../../shared/i18n/translate';
import type { RegistrationForm } from './api';

/** The registration page's fields, as typed. */
export interface RegisterFields {
  legalGivenName: string;
  legalFamilyName: string;
  preferredName: string;
  dateOfBirth: string;
  sex: string;
  gender: string;
  idType: string;
  idNumber: string;
  versionCode: string;
  line1: string;
  line2: string;
  city: string;
  province: string;
  postalCode: string;
  country: string;
  email: string;
  mobile: string;
  proveWith: 'email' | 'mobile';
  preferredContactMethod: string;
  preferredLanguage: string;
  consentGiven: boolean;
}

export type RegisterField = keyof RegisterFields;

export function emptyRegisterFields(language: string): RegisterFields {
  return {
    legalGivenName: '',
    legalFamilyName: '',
    preferredName: '',
    dateOfBirth: '',
    sex: '',
    gender: '',
    idType: '',
    idNumber: '',
    versionCode: '',
    line1: '',
    line2: '',
    city: '',
    province: '',
    postalCode: '',
    country: 'CA',
    email: '',
    mobile: '',
    proveWith: 'email',
    preferredContactMethod: 'email',
    preferredLanguage: language,
    consentGiven: false,
  };
}

const optional = (value: string) => (value.trim() === '' ? null : value.trim());

/** What the server takes: blank optional fields as null, no address when its first line is blank. */
export function registerBody(fields: RegisterFields): RegistrationForm {
  return {
    legalGivenName: fields.legalGivenName.trim(),
    legalFamilyName: fields.legalFamilyName.trim(),
    preferredName: optional(fields.preferredName),
    dateOfBirth: fields.dateOfBirth,
    sex: fields.sex,
    gender: optional(fields.gender),
    identifier: { type: fields.idType, number: fields.idNumber.trim(), versionCode: fields.idType === 'ON' ? optional(fields.versionCode) : null },
    address:
      fields.line1.trim() === ''
        ? null
        : {
            line1: fields.line1.trim(),
            line2: optional(fields.line2),
            city: fields.city.trim(),
            province: fields.province,
            postalCode: fields.postalCode.trim(),
            country: fields.country,
          },
    email: optional(fields.email),
    mobile: optional(fields.mobile),
    preferredContactMethod: fields.preferredContactMethod,
    preferredLanguage: fields.preferredLanguage,
    proveWith: fields.proveWith,
    consentGiven: fields.consentGiven,
  };
}

/** Fields left empty, by message key, found before sending. */
export function missingRegisterFields(fields: RegisterFields): Partial<Record<RegisterField, string>> {
  const missing: Partial<Record<RegisterField, string>> = {};
  const required: RegisterField[] = ['legalGivenName', 'legalFamilyName', 'dateOfBirth', 'sex', 'idType', 'idNumber'];
  for (const field of required) {
    if (String(fields[field]).trim() === '') {
      missing[field] = msgKey('portal.register.required');
    }
  }
  if (fields.proveWith === 'email' && fields.email.trim() === '') {
    missing.email = msgKey('portal.register.email.required');
  }
  if (fields.proveWith === 'mobile' && fields.mobile.trim() === '') {
    missing.mobile = msgKey('portal.register.mobile.required');
  }
  if (!fields.consentGiven) {
    missing.consentGiven = msgKey('portal.register.consent.required');
  }
  return missing;
}

/** The server's field names ("identifier.number", "address.postalCode") as the page's. */
const SERVER_FIELDS: Record<string, RegisterField> = {
  legalGivenName: 'legalGivenName',
  legalFamilyName: 'legalFamilyName',
  preferredName: 'preferredName',
  dateOfBirth: 'dateOfBirth',
  sex: 'sex',
  gender: 'gender',
  identifier: 'idNumber',
  'identifier.type': 'idType',
  'identifier.number': 'idNumber',
  'identifier.versionCode': 'versionCode',
  'address.line1': 'line1',
  'address.line2': 'line2',
  'address.city': 'city',
  'address.province': 'province',
  'address.postalCode': 'postalCode',
  'address.country': 'country',
  email: 'email',
  mobile: 'mobile',
  proveWith: 'proveWith',
  preferredContactMethod: 'preferredContactMethod',
  preferredLanguage: 'preferredLanguage',
  consentGiven: 'consentGiven',
};

/** Known codes in the reader's language; any other problem asks to check the field. */
const CODE_KEYS: Record<string, string> = {
  required: msgKey('portal.register.required'),
  invalid_email: msgKey('portal.register.email.invalid'),
  invalid_phone: msgKey('portal.register.mobile.invalid'),
  date_in_future: msgKey('portal.register.dateOfBirth.future'),
  date_too_early: msgKey('portal.register.dateOfBirth.early'),
  consent_required: msgKey('portal.register.consent.required'),
  email_required_for_method: msgKey('portal.register.method.email'),
  mobile_required_for_method: msgKey('portal.register.method.mobile'),
  invalid_postal_code: msgKey('portal.register.postalCode.invalid'),
  unknown_id_type: msgKey('portal.register.idType.required'),
};

const lowerFirst = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

/** The server's problems with the form, by the page's fields, in the reader's language. */
export function registerProblems(error: unknown, t: Translate): Partial<Record<RegisterField, string>> {
  const result: Partial<Record<RegisterField, string>> = {};
  if (!(error instanceof ApiError) || error.status !== 400) {
    return result;
  }
  for (const [name, codes] of Object.entries(error.fieldCodes)) {
    const field = SERVER_FIELDS[name.split('.').map(lowerFirst).join('.')];
    if (!field) {
      continue;
    }
    const messages = codes.map((code) => t(CODE_KEYS[code] ?? msgKey('portal.register.field.check')));
    result[field] = [...new Set([...(result[field] ? [result[field]!] : []), ...messages])].join(' ');
  }
  return result;
}
