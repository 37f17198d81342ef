import { msgKey } from '../../shared/i18n/translate';
import { PROVINCES } from './labels';

/** What the add and edit forms of an ID type hold. */
export interface IdTypeForm {
  code: string;
  nameEn: string;
  nameFr: string;
  searchable: boolean;
}

/** 2 to 16 letters, digits or hyphens, starting with a letter or digit; the server upper-cases it. */
const CODE_PATTERN = /^[A-Z0-9][A-Z0-9-]{1,15}$/;

/**
 * The problems the page can see before sending, as message keys by field: missing names, and (when
 * adding) a code of the wrong form or one that names a province's health card.
 */
export function checkIdTypeForm(form: IdTypeForm, mode: 'add' | 'edit'): Partial<Record<keyof IdTypeForm, string>> {
  const problems: Partial<Record<keyof IdTypeForm, string>> = {};
  if (mode === 'add') {
    const code = form.code.trim().toUpperCase();
    if (code === '') {
      problems.code = msgKey('idTypes.error.codeRequired');
    } else if (!CODE_PATTERN.test(code)) {
      problems.code = msgKey('idTypes.error.codeFormat');
    } else if ((PROVINCES as readonly string[]).includes(code)) {
      problems.code = msgKey('idTypes.error.codeProvince');
    }
  }
  if (form.nameEn.trim() === '') {
    problems.nameEn = msgKey('idTypes.error.nameEnRequired');
  }
  if (form.nameFr.trim() === '') {
    problems.nameFr = msgKey('idTypes.error.nameFrRequired');
  }
  return problems;
}
