import type { Catalogs } from './translate';

/** Messages every page uses. Feature messages live next to each feature. */
export const commonMessages = {
  en: {
    'common.portal': 'Portal',
    'common.loading': 'Loading…',
    'common.tryAgain': 'Try again',
    'language.switch': 'Français',
    'error.network': 'Portal could not be reached. Check your internet connection and try again.',
    'error.unexpected': 'Something went wrong. Please try again.',
    'error.rateLimited': 'Too many attempts. Try again in {wait}.',
    'duration.seconds.one': '{count} second',
    'duration.seconds.other': '{count} seconds',
    'duration.minutes.one': '{count} minute',
    'duration.minutes.other': '{count} minutes',
    'duration.hours.one': '{count} hour',
    'duration.hours.other': '{count} hours',
    'duration.days.one': '{count} day',
    'duration.days.other': '{count} days',
  },
  fr: {
    'common.portal': 'Portal',
    'common.loading': 'Chargement…',
    'common.tryAgain': 'Réessayer',
    'language.switch': 'English',
    'error.network': 'Impossible de joindre Portal. Vérifiez votre connexion Internet et réessayez.',
    'error.unexpected': 'Un problème est survenu. Veuillez réessayer.',
    'error.rateLimited': 'Trop de tentatives. Réessayez dans {wait}.',
    'duration.seconds.one': '{count} seconde',
    'duration.seconds.other': '{count} secondes',
    'duration.minutes.one': '{count} minute',
    'duration.minutes.other': '{count} minutes',
    'duration.hours.one': '{count} heure',
    'duration.hours.other': '{count} heures',
    'duration.days.one': '{count} jour',
    'duration.days.other': '{count} jours',
  },
} satisfies Catalogs;
