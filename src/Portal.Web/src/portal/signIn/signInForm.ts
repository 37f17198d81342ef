import { ApiError } from '../../shared/api';
import { formatMinutes } from '../../shared/format';
import type { Lang } from '../../shared/i18n/language';
import { msgKey, type Translate } from '../../shared/i18n/translate';
import { HEALTH_CARD_KEYS, PROVINCES, sortByName } from '../../shared/patientLabels';
import type { ContactKind, SignInIdType, StartSignIn, VerifyPasscode } from './api';

/** The first step of signing in, as typed. Both contacts are kept, so that changing the choice back restores what was typed. */
export interface IdentifyForm {
  idType: string;
  idNumber: string;
  contactKind: ContactKind;
  mobile: string;
  email: string;
}

/** The fields of the first step that can have a problem. */
export type IdentifyField = 'idType' | 'idNumber' | 'contactKind' | 'contact';

export const IDENTIFY_FIELDS: readonly IdentifyField[] = ['idType', 'idNumber', 'contactKind', 'contact'];

export function emptyIdentifyForm(): IdentifyForm {
  return { idType: '', idNumber: '', contactKind: 'mobile', mobile: '', email: '' };
}

export function contactOf(form: IdentifyForm): string {
  return form.contactKind === 'mobile' ? form.mobile : form.email;
}

/** POST /portal/sign-in: the number and the contact as typed, trimmed; the server reads them. */
export function startBody(form: IdentifyForm): StartSignIn {
  return {
    idType: form.idType,
    idNumber: form.idNumber.trim(),
    contactKind: form.contactKind,
    contact: contactOf(form).trim(),
  };
}

/** POST /portal/sign-in/verify: the passcode without the spaces or hyphens people type or paste. */
export function verifyBody(attemptId: string, passcode: string, stayLoggedIn: boolean): VerifyPasscode {
  return { attemptId, passcode: passcode.replace(/[\s-]/g, ''), stayLoggedIn };
}

const contactRequiredKey = (kind: ContactKind) =>
  kind === 'mobile' ? msgKey('portal.signIn.mobile.required') : msgKey('portal.signIn.email.required');

/** Empty fields, found before sending: field -> message key. */
export function missingFields(form: IdentifyForm): Partial<Record<IdentifyField, string>> {
  const missing: Partial<Record<IdentifyField, string>> = {};
  if (!form.idType) {
    missing.idType = msgKey('portal.signIn.idType.required');
  }
  if (!form.idNumber.trim()) {
    missing.idNumber = msgKey('portal.signIn.idNumber.required');
  }
  if (!contactOf(form).trim()) {
    missing.contact = contactRequiredKey(form.contactKind);
  }
  return missing;
}

/** The server's field codes (fieldCodes) the first step knows, per field: code -> message key. */
const FIELD_CODE_KEYS: Record<Exclude<IdentifyField, 'contact'>, Readonly<Record<string, string>>> = {
  idType: {
    required: msgKey('portal.signIn.idType.required'),
    invalid_choice: msgKey('portal.signIn.idType.unknown'),
    unknown_id_type: msgKey('portal.signIn.idType.unknown'),
  },
  idNumber: {
    required: msgKey('portal.signIn.idNumber.required'),
    too_long: msgKey('portal.signIn.idNumber.tooLong'),
  },
  contactKind: {
    required: msgKey('portal.signIn.contactKind.invalid'),
    invalid_choice: msgKey('portal.signIn.contactKind.invalid'),
  },
};

const CONTACT_CODE_KEYS: Readonly<Record<string, string>> = {
  invalid_email: msgKey('portal.signIn.email.invalid'),
  invalid_phone: msgKey('portal.signIn.mobile.invalid'),
  too_long: msgKey('portal.signIn.contact.tooLong'),
};

/** "IdType" and "idType" are the same field. */
const fieldName = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

/**
 * The server's problems with the first step, by field, in the reader's language: known codes
 * translated, else the server's own message. Empty unless the error is a 400 with field problems.
 */
export function identifyProblems(error: unknown, contactKind: ContactKind, t: Translate): Partial<Record<IdentifyField, string>> {
  const result: Partial<Record<IdentifyField, string>> = {};
  if (!(error instanceof ApiError) || error.status !== 400) {
    return result;
  }
  const codes: Record<string, string[]> = {};
  const english: Record<string, string[]> = {};
  for (const [name, list] of Object.entries(error.fieldCodes)) {
    codes[fieldName(name)] = list;
  }
  for (const [name, list] of Object.entries(error.fields)) {
    english[fieldName(name)] = list;
  }
  for (const field of IDENTIFY_FIELDS) {
    const messages = (codes[field] ?? []).map((code) => {
      const key =
        field === 'contact' ? (code === 'required' ? contactRequiredKey(contactKind) : CONTACT_CODE_KEYS[code]) : FIELD_CODE_KEYS[field][code];
      return key ? t(key) : null;
    });
    const known = messages.filter((message): message is string => message !== null);
    const text = known.length > 0 && known.length === messages.length ? known : (english[field] ?? known);
    if (text.length > 0) {
      result[field] = [...new Set(text)].join(' ');
    } else if (messages.length > 0) {
      result[field] = t('portal.signIn.field.check');
    }
  }
  return result;
}

/** "Too many attempts. Try again in 5 minutes.": the wait a 429 answer asks for, in whole minutes; null for other errors. */
export function waitMessage(error: unknown, lang: Lang, t: Translate, key: string = msgKey('error.rateLimited')): string | null {
  if (!(error instanceof ApiError) || error.status !== 429) {
    return null;
  }
  if (error.retryAfterSeconds === null) {
    return t('portal.wait.later');
  }
  const minutes = Math.max(1, Math.ceil(error.retryAfterSeconds / 60));
  return t(key, { wait: formatMinutes(minutes, lang, t) });
}

export interface IdTypeOption {
  code: string;
  name: string;
}

/**
 * The ID types offered: the health cards named by the page, then the clinic's own types by their
 * name in the page's language. Before the server has answered (or if it cannot), the 13 health cards.
 */
export function idTypeOptions(types: SignInIdType[] | null, lang: Lang, t: Translate): { healthCards: IdTypeOption[]; clinicTypes: IdTypeOption[] } {
  const ownName = (type: SignInIdType) => (lang === 'fr' ? type.nameFr : type.nameEn) || type.nameEn || type.nameFr || type.code;
  const cardName = (code: string, type?: SignInIdType) => {
    const key = HEALTH_CARD_KEYS[code];
    return key ? t(key) : type ? ownName(type) : code;
  };
  if (types === null) {
    return { healthCards: sortByName(PROVINCES.map((code) => ({ code, name: cardName(code) })), lang), clinicTypes: [] };
  }
  return {
    healthCards: sortByName(
      types.filter((type) => type.isHealthCard).map((type) => ({ code: type.code, name: cardName(type.code, type) })),
      lang,
    ),
    clinicTypes: sortByName(
      types.filter((type) => !type.isHealthCard).map((type) => ({ code: type.code, name: ownName(type) })),
      lang,
    ),
  };
}
