import type { Catalogs } from '../../shared/i18n/translate';

/** The patient's questionnaires: the pre-visit tasks on the appointment page, and the questionnaire's own page (also for one sent in a message). */
export const questionnaireMessages = {
  en: {
    'portal.questionnaire.status.toDo': '— to do, due {due}',
    'portal.questionnaire.status.draft': '— started, due {due}',
    'portal.questionnaire.status.submitted': '— done',
    'portal.questionnaire.loadingTitle': 'Questionnaire',
    'portal.questionnaire.backTo': 'to the appointment',
    'portal.questionnaire.backToMessages': 'to your messages',
    'portal.questionnaire.savedAsYouGo': 'Your answers are saved as you go; they reach the clinic when you submit.',
    'portal.questionnaire.notFound': 'This questionnaire was not found.',
    'portal.questionnaire.due': 'Please complete it by {when}. Your answers are saved as you go; they reach the clinic when you submit.',
    'portal.questionnaire.submittedOn': 'Submitted {when}. Your answers are in your record and can no longer be changed.',
    'portal.questionnaire.alreadySubmitted': 'This questionnaire was already submitted; it can no longer be changed.',
    'portal.questionnaire.fix': 'Answers that need attention ({count}):',
    'portal.questionnaire.saving': 'Saving your answers…',
    'portal.questionnaire.saved': 'Your answers are saved.',
    'portal.questionnaire.submit': 'Submit',
    'portal.questionnaire.submitting': 'Submitting…',
  },
  fr: {
    'portal.questionnaire.status.toDo': '— à faire, au plus tard {due}',
    'portal.questionnaire.status.draft': '— commencé, au plus tard {due}',
    'portal.questionnaire.status.submitted': '— fait',
    'portal.questionnaire.loadingTitle': 'Questionnaire',
    'portal.questionnaire.backTo': 'au rendez-vous',
    'portal.questionnaire.backToMessages': 'à vos messages',
    'portal.questionnaire.savedAsYouGo': 'Vos réponses sont enregistrées au fur et à mesure; la clinique les reçoit quand vous les envoyez.',
    'portal.questionnaire.notFound': "Ce questionnaire est introuvable.",
    'portal.questionnaire.due':
      'Veuillez le remplir au plus tard {when}. Vos réponses sont enregistrées au fur et à mesure; la clinique les reçoit quand vous les envoyez.',
    'portal.questionnaire.submittedOn': 'Envoyé {when}. Vos réponses sont dans votre dossier et ne peuvent plus être modifiées.',
    'portal.questionnaire.alreadySubmitted': 'Ce questionnaire a déjà été envoyé; il ne peut plus être modifié.',
    'portal.questionnaire.fix': 'Réponses à revoir ({count}) :',
    'portal.questionnaire.saving': 'Enregistrement de vos réponses…',
    'portal.questionnaire.saved': 'Vos réponses sont enregistrées.',
    'portal.questionnaire.submit': 'Envoyer',
    'portal.questionnaire.submitting': 'Envoi…',
  },
} satisfies Catalogs;
