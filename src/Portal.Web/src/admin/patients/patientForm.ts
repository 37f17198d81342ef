import { fieldMessages } from '../../shared/errors';
import type { Lang } from '../../shared/i18n/language';
import { msgKey, type Translate } from '../../shared/i18n/translate';
import type { CreatePatient, IdTypes, PatientChart, PatientInput, UpdatePatient } from './api';
import { FIELD_CODE_KEYS, formatPhone } from './labels';

/** The create and edit form of a patient: what the person types, and the body it becomes. */

/** A chart holds at most this many email addresses and this many mobile phones. */
export const MAX_CONTACTS = 3;
/** And at most this many identifiers, one per type. */
export const MAX_IDENTIFIERS = 5;

/** A row of a list in the form; `key` stays with the row when rows before it are removed. */
export interface ContactRow {
  key: number;
  value: string;
}

export interface IdentifierRow {
  key: number;
  type: string;
  number: string;
  versionCode: string;
}

export interface AddressForm {
  country: string;
  province: string;
  city: string;
  line1: string;
  line2: string;
  postalCode: string;
}

export type PortalAccessChoice = 'on' | 'off' | 'default';

export interface PatientForm {
  legalGivenName: string;
  legalFamilyName: string;
  preferredName: string;
  dateOfBirth: string;
  sex: string;
  gender: string;
  preferredLanguage: string;
  preferredContactMethod: string;
  emails: ContactRow[];
  mobiles: ContactRow[];
  identifiers: IdentifierRow[];
  address: AddressForm;
  chartNumber: string;
  active: boolean;
  /** On creation only. */
  portalAccess: PortalAccessChoice;
}

let lastKey = 0;
export const newKey = () => ++lastKey;

export const emptyContact = (): ContactRow => ({ key: newKey(), value: '' });
export const emptyIdentifier = (): IdentifierRow => ({ key: newKey(), type: '', number: '', versionCode: '' });
const emptyAddress = (): AddressForm => ({ country: 'CA', province: '', city: '', line1: '', line2: '', postalCode: '' });

/** A new patient: one empty row in each list, so that the fields are there to type in. */
export function emptyForm(lang: Lang): PatientForm {
  return {
    legalGivenName: '',
    legalFamilyName: '',
    preferredName: '',
    dateOfBirth: '',
    sex: '',
    gender: '',
    preferredLanguage: lang,
    preferredContactMethod: 'email',
    emails: [emptyContact()],
    mobiles: [emptyContact()],
    identifiers: [emptyIdentifier()],
    address: emptyAddress(),
    chartNumber: '',
    active: true,
    portalAccess: 'default',
  };
}

export function formFromChart(chart: PatientChart): PatientForm {
  const contacts = (values: string[]) =>
    values.length > 0 ? values.map((value) => ({ key: newKey(), value })) : [emptyContact()];
  return {
    legalGivenName: chart.legalGivenName,
    legalFamilyName: chart.legalFamilyName,
    preferredName: chart.preferredName ?? '',
    dateOfBirth: chart.dateOfBirth,
    sex: chart.sex,
    gender: chart.gender ?? '',
    preferredLanguage: chart.preferredLanguage,
    preferredContactMethod: chart.preferredContactMethod,
    emails: contacts(chart.emails),
    mobiles: contacts(chart.mobiles.map(formatPhone)),
    identifiers:
      chart.identifiers.length > 0
        ? chart.identifiers.map((identifier) => ({
            key: newKey(),
            type: identifier.type,
            number: identifier.number,
            versionCode: identifier.versionCode ?? '',
          }))
        : [emptyIdentifier()],
    address: chart.address
      ? {
          country: chart.address.country,
          province: chart.address.province,
          city: chart.address.city,
          line1: chart.address.line1,
          line2: chart.address.line2 ?? '',
          postalCode: chart.address.postalCode,
        }
      : emptyAddress(),
    chartNumber: chart.chartNumber ?? '',
    active: chart.active,
    portalAccess: 'default',
  };
}

/** Which form row each entry of a sent list came from: empty rows are not sent, so indexes can differ. */
export interface SentRows {
  emails: number[];
  mobiles: number[];
  identifiers: number[];
}

/** Whether the type takes a version code: only health cards whose province uses one (Ontario's). */
export function takesVersionCode(type: string, idTypes: IdTypes | null): boolean {
  const card = idTypes?.healthCards.find((candidate) => candidate.code === type);
  return card !== undefined && card.versionCode !== 'none';
}

const blank = (value: string) => value.trim() === '';
const orNull = (value: string) => (blank(value) ? null : value.trim());

export function addressIsEmpty(address: AddressForm): boolean {
  return [address.province, address.city, address.line1, address.line2, address.postalCode].every(blank);
}

/** The body's PatientInput, and where its list entries came from. Empty rows are left out. */
export function patientInput(form: PatientForm, idTypes: IdTypes | null): { input: PatientInput; rows: SentRows } {
  const emails = form.emails.filter((row) => !blank(row.value));
  const mobiles = form.mobiles.filter((row) => !blank(row.value));
  const identifiers = form.identifiers.filter((row) => !blank(row.type) || !blank(row.number) || !blank(row.versionCode));
  const { address } = form;
  return {
    input: {
      chartNumber: orNull(form.chartNumber),
      legalGivenName: form.legalGivenName.trim(),
      legalFamilyName: form.legalFamilyName.trim(),
      preferredName: orNull(form.preferredName),
      dateOfBirth: form.dateOfBirth,
      sex: form.sex,
      gender: orNull(form.gender),
      address: addressIsEmpty(address)
        ? null
        : {
            line1: address.line1.trim(),
            line2: orNull(address.line2),
            city: address.city.trim(),
            province: address.province,
            postalCode: address.postalCode.trim(),
            country: address.country,
          },
      emails: emails.map((row) => row.value.trim()),
      mobiles: mobiles.map((row) => row.value.trim()),
      preferredContactMethod: form.preferredContactMethod,
      preferredLanguage: form.preferredLanguage,
      identifiers: identifiers.map((row) => ({
        type: row.type,
        number: row.number.trim(),
        versionCode: takesVersionCode(row.type, idTypes) ? orNull(row.versionCode) : null,
      })),
      active: form.active,
    },
    rows: {
      emails: emails.map((row) => row.key),
      mobiles: mobiles.map((row) => row.key),
      identifiers: identifiers.map((row) => row.key),
    },
  };
}

const PORTAL_ACCESS: Record<PortalAccessChoice, boolean | null> = { on: true, off: false, default: null };

export function createBody(form: PatientForm, idTypes: IdTypes | null): { body: CreatePatient; rows: SentRows } {
  const { input, rows } = patientInput(form, idTypes);
  return { body: { ...input, portalAccess: PORTAL_ACCESS[form.portalAccess] }, rows };
}

export function updateBody(form: PatientForm, idTypes: IdTypes | null, version: number): { body: UpdatePatient; rows: SentRows } {
  const { input, rows } = patientInput(form, idTypes);
  return { body: { ...input, version }, rows };
}

/** The ids of the form's elements, so that messages, the summary and focus can find them. */
export const fieldId = {
  simple: (name: string) => `patient-${name}`,
  email: (key: number) => `patient-email-${key}`,
  mobile: (key: number) => `patient-mobile-${key}`,
  identifier: (key: number, part?: 'type' | 'number' | 'versionCode') => `patient-identifier-${key}${part ? `-${part}` : ''}`,
  address: (part?: string) => (part ? `patient-address-${part}` : 'patient-address'),
};

/** Messages by the id of the element they belong to, and those that belong to no element. */
export interface FormProblems {
  byId: Record<string, string[]>;
  other: string[];
}

const SIMPLE_FIELDS = new Set([
  'chartNumber',
  'legalGivenName',
  'legalFamilyName',
  'preferredName',
  'dateOfBirth',
  'sex',
  'gender',
  'preferredContactMethod',
  'preferredLanguage',
  'active',
  'portalAccess',
  'emails',
  'mobiles',
  'identifiers',
]);

const ADDRESS_PARTS = new Set(['line1', 'line2', 'city', 'province', 'postalCode', 'country']);
const IDENTIFIER_PARTS = new Set(['type', 'number', 'versionCode']);

/** The element a server field key ("identifiers[0].number", "emails[1]", "address.postalCode") is about, or null. */
export function elementForField(field: string, rows: SentRows): string | null {
  const match = /^([A-Za-z]+)(?:\[(\d+)\])?(?:\.([A-Za-z0-9]+))?$/.exec(field);
  if (!match) {
    return null;
  }
  const name = match[1]!.charAt(0).toLowerCase() + match[1]!.slice(1);
  const index = match[2] === undefined ? null : Number(match[2]);
  const part = match[3] === undefined ? null : match[3].charAt(0).toLowerCase() + match[3].slice(1);
  if (name === 'address') {
    if (index !== null) {
      return null;
    }
    return part === null ? fieldId.address() : ADDRESS_PARTS.has(part) ? fieldId.address(part) : fieldId.address();
  }
  if (index !== null && (name === 'emails' || name === 'mobiles' || name === 'identifiers')) {
    const key = rows[name][index];
    if (key === undefined) {
      return fieldId.simple(name);
    }
    if (name === 'emails') {
      return fieldId.email(key);
    }
    if (name === 'mobiles') {
      return fieldId.mobile(key);
    }
    return part && IDENTIFIER_PARTS.has(part) ? fieldId.identifier(key, part as 'type' | 'number' | 'versionCode') : fieldId.identifier(key);
  }
  if (index === null && part === null && SIMPLE_FIELDS.has(name)) {
    return fieldId.simple(name);
  }
  return null;
}

/**
 * The server's problems with a save, sorted to the form's elements, each in the reader's language
 * (from the field codes; the server's English message for a code the page does not know).
 */
export function serverProblems(error: unknown, t: Translate, rows: SentRows): FormProblems {
  return problemsFromServer(fieldMessages(error, t, FIELD_CODE_KEYS), rows);
}

/** Sorts server messages to the form's elements. */
export function problemsFromServer(messages: Record<string, string[]>, rows: SentRows): FormProblems {
  const problems: FormProblems = { byId: {}, other: [] };
  for (const [field, list] of Object.entries(messages)) {
    const id = elementForField(field, rows);
    if (id) {
      problems.byId[id] = [...(problems.byId[id] ?? []), ...list];
    } else {
      problems.other.push(...list);
    }
  }
  return problems;
}

/** The required fields the person left empty, as message keys by element id. Everything else is the server's to judge. */
export function missingFields(form: PatientForm): Record<string, string> {
  const missing: Record<string, string> = {};
  if (blank(form.legalGivenName)) {
    missing[fieldId.simple('legalGivenName')] = msgKey('patients.required.legalGivenName');
  }
  if (blank(form.legalFamilyName)) {
    missing[fieldId.simple('legalFamilyName')] = msgKey('patients.required.legalFamilyName');
  }
  if (blank(form.dateOfBirth)) {
    missing[fieldId.simple('dateOfBirth')] = msgKey('patients.required.dateOfBirth');
  }
  if (blank(form.sex)) {
    missing[fieldId.simple('sex')] = msgKey('patients.required.sex');
  }
  for (const row of form.identifiers) {
    const started = !blank(row.type) || !blank(row.number) || !blank(row.versionCode);
    if (started && blank(row.type)) {
      missing[fieldId.identifier(row.key, 'type')] = msgKey('patients.required.identifierType');
    }
    if (started && blank(row.number)) {
      missing[fieldId.identifier(row.key, 'number')] = msgKey('patients.required.identifierNumber');
    }
  }
  if (!addressIsEmpty(form.address)) {
    const required: (keyof AddressForm)[] = ['line1', 'city', 'province', 'postalCode'];
    for (const part of required) {
      if (blank(form.address[part])) {
        missing[fieldId.address(part)] = msgKey('fieldCode.required');
      }
    }
  }
  return missing;
}
