import { ApiError } from '../../shared/api';
import { msgKey, type Translate } from '../../shared/i18n/translate';

/** The alert's first line, by the code of the server's answer. */
export const IMPORT_ERRORS = {
  fhir_invalid: msgKey('questionnaires.import.error.fhir_invalid'),
  questionnaire_unsupported: msgKey('questionnaires.import.error.questionnaire_unsupported'),
  languages_differ: msgKey('questionnaires.import.error.languages_differ'),
  version_exists: msgKey('questionnaires.import.error.version_exists'),
  forbidden: msgKey('questionnaires.library.readOnly'),
  validation_failed: msgKey('questionnaires.preVisit.error.fields'),
  questionnaire_not_found: msgKey('questionnaires.preVisit.error.unknown'),
  appointment_type_not_found: msgKey('questionnaires.preVisit.error.typeNotFound'),
} as const;

/** What a code on one place means, in the reader's words; other codes show the server's own (English) sentence. */
const PLACE_CODES: Readonly<Record<string, string>> = {
  url_required: msgKey('questionnaires.import.code.url_required'),
  version_required: msgKey('questionnaires.import.code.version_required'),
  language_required: msgKey('questionnaires.import.code.language_required'),
  title_required: msgKey('questionnaires.import.code.title_required'),
  items_required: msgKey('questionnaires.import.code.items_required'),
  too_many_items: msgKey('questionnaires.import.code.too_many_items'),
  link_id_required: msgKey('questionnaires.import.code.link_id_required'),
  link_id_repeated: msgKey('questionnaires.import.code.link_id_repeated'),
  unsupported_item_type: msgKey('questionnaires.import.code.unsupported_item_type'),
  text_required: msgKey('questionnaires.import.code.text_required'),
  group_empty: msgKey('questionnaires.import.code.group_empty'),
  repeating_group: msgKey('questionnaires.import.code.repeating_group'),
  items_under_question: msgKey('questionnaires.import.code.items_under_question'),
  display_not_question: msgKey('questionnaires.import.code.display_not_question'),
  max_length_misplaced: msgKey('questionnaires.import.code.max_length_misplaced'),
  answer_option_not_coding: msgKey('questionnaires.import.code.answer_option_not_coding'),
  answer_options_required: msgKey('questionnaires.import.code.answer_options_required'),
  answer_options_misplaced: msgKey('questionnaires.import.code.answer_options_misplaced'),
  unsupported_calculation: msgKey('questionnaires.import.code.unsupported_calculation'),
  unsupported_initial_expression: msgKey('questionnaires.import.code.unsupported_initial_expression'),
  enable_behavior_required: msgKey('questionnaires.import.code.enable_behavior_required'),
  enable_when_question_unknown: msgKey('questionnaires.import.code.enable_when_question_unknown'),
  enable_when_operator_required: msgKey('questionnaires.import.code.enable_when_operator_required'),
  enable_when_answer_mismatch: msgKey('questionnaires.import.code.enable_when_answer_mismatch'),
  languages_differ: msgKey('questionnaires.import.error.languages_differ'),
};

export interface ImportProblem {
  /** The link id or part of the resource the problem is on; null for the FHIR reader's own messages, which name their place. */
  place: string | null;
  message: string;
}

/**
 * The server's problems with an imported questionnaire, one line each: per link id (or url, version, …) translated
 * from its code where Portal knows it; the FHIR reader's messages (fhir_invalid) as they came, since they quote the JSON.
 */
export function importProblems(error: unknown, t: Translate): ImportProblem[] {
  if (!(error instanceof ApiError)) {
    return [];
  }
  const result: ImportProblem[] = [];
  for (const place of new Set([...Object.keys(error.fields), ...Object.keys(error.fieldCodes)])) {
    const codes = error.fieldCodes[place] ?? [];
    const english = error.fields[place] ?? [];
    if (place === 'resource') {
      english.forEach((message) => result.push({ place: null, message }));
      continue;
    }
    const count = Math.max(codes.length, english.length);
    for (let index = 0; index < count; index++) {
      const key = codes[index] ? PLACE_CODES[codes[index]!] : undefined;
      const message = key ? t(key) : (english[index] ?? codes[index] ?? '');
      if (message) {
        result.push({ place, message });
      }
    }
  }
  return result;
}
