import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { OTHER_SESSION_ID, patientInformation, patientProfile, patientSessions, patientSignedIn } from './fixtures';
import { json, noContent, problem, type Handler } from './helpers';
import { API, ME, START, VERIFY, inFrench, notSignedIn, signedOut, renderPortal } from './portal-helpers';

const INFORMATION = `GET ${API}/me/information`;
const SESSIONS = `GET ${API}/me/sessions`;
const END_OTHER = `DELETE ${API}/me/sessions/${OTHER_SESSION_ID}`;
const SIGN_OUT = `POST ${API}/sign-out`;

/** Opens the portal at `path` with Camille Tremblay signed in. */
function renderSignedIn(path: string, routes: Record<string, Handler | Handler[]> = {}) {
  return renderPortal(path, { [ME]: () => json(200, patientSignedIn(patientProfile())), ...routes });
}

const link = (name: string) => screen.getByRole('link', { name }) as HTMLAnchorElement;

describe('the home page', () => {
  it('welcomes the patient and links to every page of the portal', async () => {
    renderSignedIn('/demo/');
    expect(await screen.findByRole('heading', { level: 2, name: 'Welcome, Camille Tremblay' })).toBeTruthy();
    await waitFor(() => expect(document.title).toBe('Home – Demo Family Clinic'));
    const nav = screen.getByRole('navigation', { name: 'Your portal' });
    expect(within(nav).getAllByRole('link').map((anchor) => [anchor.textContent, anchor.getAttribute('href')])).toEqual([
      ['Messages', '/demo/messages'],
      ['Appointments', '/demo/appointments'],
      ['Bills', '/demo/bills'],
      ['My information', '/demo/my-information'],
      ['Sessions', '/demo/sessions'],
    ]);
    expect(screen.getByRole('link', { name: 'Sessions', description: 'The devices where you are logged in. End any you do not recognize.' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Log out' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Français' })).toBeTruthy();
    expect(document.querySelector('img.portal-watermark')).toBeTruthy();
    expect(screen.queryByRole('combobox', { name: 'ID type' })).toBeNull();
  });

  it('links only to the sections the clinic offers, and has no page for the others', async () => {
    renderSignedIn('/demo/', { [ME]: () => json(200, patientSignedIn(patientProfile({ sections: ['messages'] }))) });
    const nav = await screen.findByRole('navigation', { name: 'Your portal' });
    expect(within(nav).getAllByRole('link').map((anchor) => anchor.textContent)).toEqual(['Messages', 'My information', 'Sessions']);

    fireEvent.click(link('Messages'));
    expect(await screen.findByRole('heading', { level: 2, name: 'Messages' })).toBeTruthy();
    act(() => {
      window.history.pushState(null, '', '/demo/bills');
      window.dispatchEvent(new PopStateEvent('popstate'));
    });
    expect(await screen.findByRole('heading', { level: 2, name: 'Page not found' })).toBeTruthy();
    expect(link('Go to the home page').getAttribute('href')).toBe('/demo/');
  });

  it('speaks French', async () => {
    inFrench();
    renderSignedIn('/demo/');
    expect(await screen.findByRole('heading', { level: 2, name: 'Bienvenue, Camille Tremblay' })).toBeTruthy();
    expect(link('Mes renseignements').getAttribute('href')).toBe('/demo/my-information');
    expect(link('Sessions').getAttribute('href')).toBe('/demo/sessions');
    expect(link('Rendez-vous')).toBeTruthy();
    expect(link('Factures')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Se déconnecter' })).toBeTruthy();
    await waitFor(() => expect(document.title).toBe('Accueil – Demo Family Clinic'));
  });
});

describe('the section pages', () => {
  it.each([
    ['/demo/bills', 'Bills', 'You have no bills.'],
  ])('%s has a heading and says it is empty', async (path, heading, empty) => {
    renderSignedIn(path, { [`GET ${API}/bills`]: () => json(200, { items: [] }) });
    expect(await screen.findByRole('heading', { level: 2, name: heading })).toBeTruthy();
    expect(await screen.findByText(empty)).toBeTruthy();
    expect(link('Home').getAttribute('href')).toBe('/demo/');
    await waitFor(() => expect(document.title).toBe(`${heading} – Demo Family Clinic`));
  });
});

describe('My information', () => {
  it('opens from the home page and shows what only the clinic changes, read-only', async () => {
    const { calls, container } = renderSignedIn('/demo/', { [INFORMATION]: () => json(200, patientInformation()) });
    await screen.findByRole('heading', { level: 2, name: 'Welcome, Camille Tremblay' });
    fireEvent.click(link('My information'));

    const heading = await screen.findByRole('heading', { level: 2, name: 'My information' });
    expect(window.location.pathname).toBe('/demo/my-information');
    await waitFor(() => expect(document.activeElement).toBe(heading));
    await screen.findByText('Legal name');
    await waitFor(() => expect(screen.getByText('Hospital record number')).toBeTruthy());
    const details = Object.fromEntries(
      [...container.querySelectorAll('.portal-detail')].map((row) => [row.querySelector('dt')!.textContent, row.querySelector('dd')!.textContent]),
    );
    expect(details).toEqual({
      'Legal name': 'Camille Tremblay',
      'Date of birth': 'March 9, 1984',
      Sex: 'Female',
      'Health card and other IDs': 'Ontario (OHIP)•••• ••• 217 ABHospital record number•••345',
    });
    expect(screen.getByText('Ask the clinic to change this.')).toBeTruthy();
    expect(screen.queryByRole('textbox', { name: 'Legal name' })).toBeNull();
    expect(screen.queryByRole('textbox', { name: 'Date of birth' })).toBeNull();
    expect(calls.filter((call) => call.method !== 'GET')).toEqual([]);
    await waitFor(() => expect(document.title).toBe('My information – Demo Family Clinic'));

    fireEvent.click(link('Home'));
    expect(await screen.findByRole('heading', { level: 2, name: 'Welcome, Camille Tremblay' })).toBeTruthy();
    expect(window.location.pathname).toBe('/demo/');
  });

  it('goes back to the log-in page when the session has ended', async () => {
    const { calls } = renderSignedIn('/demo/my-information', {
      [INFORMATION]: notSignedIn,
      [START]: () => json(202, { attemptId: 'a-1', expiresInMinutes: 10, contactKind: 'email' }),
    });
    const heading = await screen.findByRole('heading', { level: 2, name: 'Log in' });
    expect(screen.getByText('Your session has ended. Log in again to continue.')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(screen.queryByRole('button', { name: 'Log out' })).toBeNull();
    expect(window.location.pathname).toBe('/demo/my-information');

    // The antiforgery token of the ended session is not used again.
    fireEvent.change(screen.getByRole('combobox', { name: 'ID type' }), { target: { value: 'ON' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'ID number' }), { target: { value: '1234567890' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'Mobile number' }), { target: { value: '6135550123' } });
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    await screen.findByRole('textbox', { name: 'One time passcode' });
    expect(calls.filter((call) => call.url === '/api/antiforgery')).toHaveLength(1);
  });
});

describe('Sessions', () => {
  it('lists where the patient is logged in, this device marked, and ends another session', async () => {
    const { calls } = renderSignedIn('/demo/sessions', {
      [SESSIONS]: () => json(200, patientSessions()),
      [END_OTHER]: () => noContent(),
    });
    expect(await screen.findByRole('heading', { level: 2, name: 'Sessions' })).toBeTruthy();
    const list = await screen.findByRole('list', { name: 'Active sessions' });
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]!.textContent).toContain('Chrome on Linux');
    expect(items[0]!.textContent).toContain('This device');
    expect(items[0]!.textContent).toContain('(Stay logged in)');
    expect(within(items[0]!).queryByRole('button')).toBeNull();
    expect(items[1]!.textContent).toContain('Safari on iPhone');
    expect(items[1]!.textContent).not.toContain('This device');
    expect(items[1]!.textContent).toContain('After a period of inactivity');
    const end = within(items[1]!).getByRole('button', { name: /^End the session on Safari on iPhone, logged in / });
    expect(end.textContent).toBe('End');
    expect(screen.getAllByRole('button', { name: /^End/ })).toHaveLength(1);

    fireEvent.click(end);

    expect(await screen.findByText('The session on Safari on iPhone has ended.')).toBeTruthy();
    expect(screen.getByText('The session on Safari on iPhone has ended.').closest('[role="status"]')).toBeTruthy();
    const ended = calls.find((call) => call.method === 'DELETE')!;
    expect(ended.url).toBe(`/api/clinics/demo/portal/me/sessions/${OTHER_SESSION_ID}`);
    expect(ended.headers['x-csrf-token']).toBe('token-1');
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);
    expect(screen.queryByText('Safari on iPhone')).toBeNull();
    expect(screen.getByText('You are not logged in on any other device.')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { level: 3, name: 'Active sessions' })));
  });

  it('takes off the list a session that had already ended', async () => {
    renderSignedIn('/demo/sessions', {
      [SESSIONS]: () => json(200, patientSessions()),
      [END_OTHER]: () => problem(404, 'session_not_found', 'No such session.'),
    });
    fireEvent.click(await screen.findByRole('button', { name: /^End the session on Safari on iPhone/ }));
    expect(await screen.findByText('The session on Safari on iPhone had already ended.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^End/ })).toBeNull();
  });

  it('says when a session could not be ended, and keeps it', async () => {
    renderSignedIn('/demo/sessions', {
      [SESSIONS]: () => json(200, patientSessions()),
      [END_OTHER]: () => problem(500, 'unexpected', 'The server had a problem.'),
    });
    fireEvent.click(await screen.findByRole('button', { name: /^End the session on Safari on iPhone/ }));
    expect((await screen.findByRole('alert')).textContent).toBe('The server had a problem.');
    expect(screen.getByRole('button', { name: /^End the session on Safari on iPhone/ })).toBeTruthy();
  });

  it('speaks French', async () => {
    inFrench();
    renderSignedIn('/demo/sessions', { [SESSIONS]: () => json(200, patientSessions()) });
    expect(await screen.findByRole('heading', { level: 2, name: 'Sessions' })).toBeTruthy();
    const end = await screen.findByRole('button', { name: /^Terminer la session sur Safari on iPhone, ouverte le / });
    expect(end.textContent).toBe('Terminer');
    expect(screen.getByText('Cet appareil')).toBeTruthy();
    expect(link('Accueil').getAttribute('href')).toBe('/demo/');
  });
});

describe('signed out', () => {
  it('shows the log-in page at any address, then the page asked for once logged in', async () => {
    const { calls } = renderPortal('/demo/sessions', {
      [ME]: [signedOut, () => json(200, patientSignedIn(patientProfile()))],
      [START]: () => json(202, { attemptId: 'a-1', expiresInMinutes: 10, contactKind: 'mobile' }),
      [VERIFY]: () => json(200, { displayName: 'Camille Tremblay', language: 'fr' }),
      [SESSIONS]: () => json(200, patientSessions()),
    });
    expect(await screen.findByRole('heading', { level: 2, name: 'Log in' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Sessions' })).toBeNull();
    expect(calls.some((call) => call.url.endsWith('/me/sessions'))).toBe(false);
    expect(window.location.pathname).toBe('/demo/sessions');

    fireEvent.change(screen.getByRole('combobox', { name: 'ID type' }), { target: { value: 'ON' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'ID number' }), { target: { value: '1234567890' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'Mobile number' }), { target: { value: '6135550123' } });
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    fireEvent.change(await screen.findByRole('textbox', { name: 'One time passcode' }), { target: { value: '123456' } });
    fireEvent.click(screen.getByRole('button', { name: 'LOGIN' }));

    const heading = await screen.findByRole('heading', { level: 2, name: 'Sessions' });
    expect(await screen.findByRole('list', { name: 'Active sessions' })).toBeTruthy();
    expect(window.location.pathname).toBe('/demo/sessions');
    await waitFor(() => expect(document.activeElement).toBe(heading));
  });

  it('logs out from any page and goes back to the log-in page', async () => {
    const { calls } = renderSignedIn('/demo/sessions', {
      [SESSIONS]: () => json(200, patientSessions()),
      [SIGN_OUT]: () => noContent(),
    });
    await screen.findByRole('list', { name: 'Active sessions' });
    fireEvent.click(screen.getByRole('button', { name: 'Log out' }));

    const heading = await screen.findByRole('heading', { level: 2, name: 'Log in' });
    expect(screen.getByText('You have logged out.')).toBeTruthy();
    expect(window.location.pathname).toBe('/demo/');
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(screen.queryByRole('button', { name: 'Log out' })).toBeNull();
    const signOut = calls.find((call) => call.method === 'POST')!;
    expect(signOut.url).toBe('/api/clinics/demo/portal/sign-out');
    expect(signOut.headers['x-csrf-token']).toBe('token-1');
  });

  it('treats logging out of a session that had already ended as logged out', async () => {
    renderSignedIn('/demo/', { [SIGN_OUT]: notSignedIn });
    fireEvent.click(await screen.findByRole('button', { name: 'Log out' }));
    expect(await screen.findByRole('heading', { level: 2, name: 'Log in' })).toBeTruthy();
  });

  it('stays on the page and says so when logging out fails', async () => {
    renderSignedIn('/demo/', { [SIGN_OUT]: () => problem(500, 'unexpected', 'The server had a problem.') });
    fireEvent.click(await screen.findByRole('button', { name: 'Log out' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The server had a problem.');
    expect(screen.getByRole('heading', { level: 2, name: 'Welcome, Camille Tremblay' })).toBeTruthy();
  });
});
