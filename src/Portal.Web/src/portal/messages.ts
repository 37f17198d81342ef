import type { Catalogs } from '../shared/i18n/translate';

export const portalMessages = {
  en: {
    'portal.title': 'Patient portal',
    'portal.pageTitle': '{clinic} – Patient portal',
    'portal.welcome.heading': 'Welcome',
    'portal.welcome.text': 'Welcome to the patient portal of {clinic}.',
    'portal.welcome.soon': 'Signing in to the portal will be available here soon. Until then, please contact the clinic with any questions.',
    'portal.off.heading': 'The patient portal is not available',
    'portal.off.text': 'The patient portal of {clinic} is not available at the moment.',
    'portal.off.contact': 'Please contact the clinic directly.',
    'portal.notFound.title': 'Clinic not found',
    'portal.notFound.text': 'There is no clinic at this address.',
    'portal.notFound.check': 'Check the address your clinic gave you.',
    'portal.error.title': 'The page could not be loaded',
  },
  fr: {
    'portal.title': 'Portail patient',
    'portal.pageTitle': '{clinic} – Portail patient',
    'portal.welcome.heading': 'Bienvenue',
    'portal.welcome.text': 'Bienvenue sur le portail patient de {clinic}.',
    'portal.welcome.soon': "La connexion au portail sera bientôt offerte ici. D'ici là, veuillez communiquer avec la clinique pour toute question.",
    'portal.off.heading': "Le portail patient n'est pas accessible",
    'portal.off.text': "Le portail patient de {clinic} n'est pas accessible pour le moment.",
    'portal.off.contact': 'Veuillez communiquer directement avec la clinique.',
    'portal.notFound.title': 'Clinique introuvable',
    'portal.notFound.text': "Il n'y a aucune clinique à cette adresse.",
    'portal.notFound.check': "Vérifiez l'adresse que votre clinique vous a donnée.",
    'portal.error.title': "La page n'a pas pu être chargée",
  },
} satisfies Catalogs;
