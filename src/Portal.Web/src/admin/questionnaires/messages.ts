import type { Catalogs } from '../../shared/i18n/translate';

/** The Questionnaires tab of a patient's chart. */
export const questionnairesMessages = {
  en: {
    'questionnaires.chart.tab': 'Questionnaires',
    'questionnaires.chart.heading': 'Submitted questionnaires',
    'questionnaires.chart.none': 'This patient has not submitted any questionnaire.',
    'questionnaires.chart.submitted': 'Submitted {when}',
    'questionnaires.chart.total': 'Total score: {score}',
  },
  fr: {
    'questionnaires.chart.tab': 'Questionnaires',
    'questionnaires.chart.heading': 'Questionnaires envoyés',
    'questionnaires.chart.none': "Ce patient n'a envoyé aucun questionnaire.",
    'questionnaires.chart.submitted': 'Envoyé le {when}',
    'questionnaires.chart.total': 'Score total : {score}',
  },
} satisfies Catalogs;
