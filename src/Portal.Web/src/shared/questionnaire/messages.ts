import type { Catalogs } from '../i18n/translate';

/** Portal's questionnaire form, for patients filling it in and staff reading the answers. */
export const questionnaireFormMessages = {
  en: {
    'questionnaire.required': '(required)',
    'questionnaire.yes': 'Yes',
    'questionnaire.no': 'No',
    'questionnaire.other': 'Other (write your answer)',
    'questionnaire.maxLength': 'At most {count} characters.',
    'questionnaire.addAnother': 'Add another',
    'questionnaire.remove': 'Remove',
    'questionnaire.error.required': 'Answer this question.',
    'questionnaire.error.max_length': 'This answer is too long.',
    'questionnaire.error.wrong_type': 'This answer is not of the expected kind (a number, a date…).',
    'questionnaire.error.not_an_option': 'Choose one of the answers offered.',
    'questionnaire.error.repeats': 'Give one answer only.',
    'questionnaire.error.answered_while_hidden': 'This question no longer applies; clear its answer.',
    'questionnaire.error.other': 'Check this answer.',
  },
  fr: {
    'questionnaire.required': '(obligatoire)',
    'questionnaire.yes': 'Oui',
    'questionnaire.no': 'Non',
    'questionnaire.other': 'Autre (écrivez votre réponse)',
    'questionnaire.maxLength': 'Au plus {count} caractères.',
    'questionnaire.addAnother': 'Ajouter',
    'questionnaire.remove': 'Retirer',
    'questionnaire.error.required': 'Répondez à cette question.',
    'questionnaire.error.max_length': 'Cette réponse est trop longue.',
    'questionnaire.error.wrong_type': "Cette réponse n'est pas du type attendu (un nombre, une date…).",
    'questionnaire.error.not_an_option': 'Choisissez une des réponses proposées.',
    'questionnaire.error.repeats': 'Donnez une seule réponse.',
    'questionnaire.error.answered_while_hidden': "Cette question ne s'applique plus; effacez sa réponse.",
    'questionnaire.error.other': 'Vérifiez cette réponse.',
  },
} satisfies Catalogs;

const KNOWN = new Set(['required', 'max_length', 'wrong_type', 'not_an_option', 'repeats', 'answered_while_hidden']);

/** The message key for a problem code the server gave for a question. */
export const questionnaireErrorKey = (code: string | undefined) => `questionnaire.error.${code && KNOWN.has(code) ? code : 'other'}`;
