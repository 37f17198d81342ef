import type { Catalogs } from '../shared/i18n/translate';

export const indexMessages = {
  en: {
    'index.heading': 'Portal',
    'index.text': "Open your clinic's own address to reach its patient portal.",
  },
  fr: {
    'index.heading': 'Portal',
    'index.text': "Ouvrez l'adresse propre à votre clinique pour accéder à son portail patient.",
  },
} satisfies Catalogs;
