import { portalMessages } from '../src/portal/messages';
import { PortalApp } from '../src/portal/PortalApp';
import { SESSION_STORAGE_KEY, STORAGE_KEY } from '../src/shared/i18n/language';
import { patientSignedOut, publicPortal, signInIdTypes } from './fixtures';
import { ANTIFORGERY, json, mockServer, problem, renderWithI18n, type Handler } from './helpers';

export const API = '/api/clinics/demo/portal';
export const ME = `GET ${API}/session`;
export const ID_TYPES = `GET ${API}/sign-in/id-types`;
export const START = `POST ${API}/sign-in`;
export const VERIFY = `POST ${API}/sign-in/verify`;

export const notSignedIn = () => problem(401, 'not_signed_in', 'Log in to continue.');

/** The session check of a visitor nobody signed in. */
export const signedOut = () => json(200, patientSignedOut);

/**
 * Opens the patient portal at `path` against a mocked server: the demo clinic with its portal on,
 * nobody signed in and the sign-in ID types, unless `routes` says otherwise.
 */
export function renderPortal(path: string, routes: Record<string, Handler | Handler[]> = {}) {
  window.history.replaceState(null, '', path);
  const server = mockServer({
    'GET /api/antiforgery': () => json(200, ANTIFORGERY),
    [`GET ${API}`]: () => json(200, publicPortal()),
    [ME]: signedOut,
    [ID_TYPES]: () => json(200, signInIdTypes()),
    ...routes,
  });
  const view = renderWithI18n(<PortalApp />, portalMessages);
  return { ...server, ...view };
}

/** The visitor chose French with the language switch earlier in this browser session. */
export function inFrench() {
  window.localStorage.setItem(STORAGE_KEY, 'fr');
  window.sessionStorage.setItem(SESSION_STORAGE_KEY, 'fr');
}

/** The text of the elements an element's aria-describedby names, joined with " | ". */
export function describedText(element: HTMLElement): string {
  return (element.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' | ');
}
