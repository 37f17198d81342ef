import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { linkTargetPath, parsePortalPath } from '../src/portal/routes';
import { patientProfile, patientSignedIn } from './fixtures';
import { axeViolations, json, problem } from './helpers';
import { API, ME, describedText, inFrench, renderPortal, signedOut } from './portal-helpers';

const TOKEN = 'Zx3_k9-QpL0aBcDeFgHiJkLmNoPqRsTuVwXyZ012345';
const STATE = `POST ${API}/links/state`;
const VERIFY_LINK = `POST ${API}/links/verify`;
const RESEND = `POST ${API}/links/resend`;
const LINK_PATH = `/demo/m/${TOKEN}`;

const usable = (signInWith = 'passcode') => () => json(200, { state: 'usable', signInWith, passcodeTimeoutMinutes: 4320 });
const ended = (state: 'used' | 'expired') => () => json(200, { state, signInWith: 'passcode', passcodeTimeoutMinutes: 4320 });
const signedInTo = (target: string) => () => json(200, { displayName: 'Camille Tremblay', language: 'fr', target });

const dateOfBirth = () => screen.getByLabelText('Date of birth') as HTMLInputElement;
const passcode = () => screen.getByRole('textbox', { name: 'One time passcode' }) as HTMLInputElement;

function fillPasscodeForm(code = '123456', birth = '1984-03-09') {
  fireEvent.change(passcode(), { target: { value: code } });
  fireEvent.change(dateOfBirth(), { target: { value: birth } });
}

describe('the notification link page, /{clinic}/m/{token}', { timeout: 30_000 }, () => {
  it('is its own route, and a link target the portal has no page for lands on the home page', () => {
    expect(parsePortalPath(LINK_PATH).route).toEqual({ slug: 'demo', page: 'link', token: TOKEN });
    expect(parsePortalPath('/demo/m/').route?.page).toBe('notFound');
    expect(linkTargetPath('demo', 'messages')).toBe('/demo/messages');
    expect(linkTargetPath('demo', 'messages/0192f6c1-2b4e-7a10-8000-000000000001')).toBe('/demo/messages/0192f6c1-2b4e-7a10-8000-000000000001');
    expect(linkTargetPath('demo', 'appointments/0192f6c1-2b4e-7a10-8000-000000000001')).toBe('/demo/appointments/0192f6c1-2b4e-7a10-8000-000000000001');
    expect(linkTargetPath('demo', 'bills/0192f6c1-2b4e-7a10-8000-000000000001')).toBe('/demo/bills/0192f6c1-2b4e-7a10-8000-000000000001');
    expect(linkTargetPath('demo', 'prescriptions/0192f6c1-2b4e-7a10-8000-000000000001')).toBe('/demo/');
    expect(linkTargetPath('demo', 'm/other-token')).toBe('/demo/');
    expect(linkTargetPath('demo', '//evil.example/x')).toBe('/demo/');
  });

  it('asks for the one time passcode and the date of birth, sends the token only in the body, and opens the target signed in', async () => {
    const { calls } = renderPortal(LINK_PATH, {
      [STATE]: usable(),
      [VERIFY_LINK]: signedInTo('messages'),
      [ME]: [signedOut, () => json(200, patientSignedIn(patientProfile()))],
    });
    expect(await screen.findByRole('heading', { name: 'Open your message' })).toBeTruthy();
    expect(screen.getByText(/Enter the one time passcode you received in the email or text \(SMS\) notification/)).toBeTruthy();
    expect(describedText(dateOfBirth())).toBe('As the clinic has it on record.');
    expect(screen.getByRole('link', { name: 'Back' }).getAttribute('href')).toBe('/demo/');
    expect(await axeViolations()).toEqual([]);

    fillPasscodeForm(' 123 456 ');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Stay logged in' }));
    fireEvent.click(screen.getByRole('button', { name: 'LOGIN' }));

    await waitFor(() => expect(window.location.pathname).toBe('/demo/messages'));
    const verify = calls.find((call) => call.method === 'POST' && call.url === `${API}/links/verify`)!;
    expect(verify.json).toEqual({ token: TOKEN, passcode: '123456', idType: null, idNumber: null, dateOfBirth: '1984-03-09', stayLoggedIn: true });
    expect(calls.filter((call) => call.url.includes(TOKEN))).toEqual([]);
    expect(calls.find((call) => call.url === `${API}/links/state`)!.json).toEqual({ token: TOKEN });
  });

  it('goes to the home page after signing in when the target page does not exist yet', async () => {
    renderPortal(LINK_PATH, {
      [STATE]: usable(),
      [VERIFY_LINK]: signedInTo('prescriptions/0192f6c1-2b4e-7a10-8000-000000000001'),
      [ME]: [signedOut, () => json(200, patientSignedIn(patientProfile()))],
    });
    await screen.findByRole('heading', { name: 'Open your message' });
    fillPasscodeForm();
    fireEvent.click(screen.getByRole('button', { name: 'LOGIN' }));

    expect(await screen.findByRole('heading', { name: 'Welcome, Camille Tremblay' })).toBeTruthy();
    expect(window.location.pathname).toBe('/demo/');
  });

  it('says what is missing next to each field without sending anything', async () => {
    const { calls } = renderPortal(LINK_PATH, { [STATE]: usable() });
    await screen.findByRole('heading', { name: 'Open your message' });
    fireEvent.click(screen.getByRole('button', { name: 'LOGIN' }));

    expect(passcode().getAttribute('aria-invalid')).toBe('true');
    expect(describedText(passcode())).toBe('Enter the passcode from the email or text message.');
    expect(describedText(dateOfBirth())).toContain('Enter your date of birth.');
    await waitFor(() => expect(document.activeElement).toBe(passcode()));
    expect(calls.filter((call) => call.url.endsWith('/links/verify'))).toEqual([]);
    expect(await axeViolations()).toEqual([]);
  });

  it('announces "the details are wrong" and nothing more, and the wait when locked', async () => {
    renderPortal(LINK_PATH, {
      [STATE]: usable(),
      [VERIFY_LINK]: [
        () => problem(400, 'details_invalid', 'The details are wrong.'),
        () => problem(429, 'sign_in_locked', 'Locked.', { headers: { 'Retry-After': '120' } }),
      ],
    });
    await screen.findByRole('heading', { name: 'Open your message' });
    fillPasscodeForm();
    fireEvent.click(screen.getByRole('button', { name: 'LOGIN' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('The details are wrong. Check them and try again.');
    await waitFor(() => expect(document.activeElement).toBe(alert));
    expect(await axeViolations()).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'LOGIN' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Too many wrong tries. Try again in 2 minutes.'));
    expect(window.location.pathname).toBe(LINK_PATH);
  });

  it('asks for the ID and the date of birth when the clinic signs links in that way (S10)', async () => {
    const { calls } = renderPortal(LINK_PATH, {
      [STATE]: usable('identifier'),
      [`GET ${API}/sign-in/id-types`]: () => json(200, { idTypes: [{ code: 'ON', isHealthCard: true, nameEn: null, nameFr: null }] }),
      [VERIFY_LINK]: signedInTo('messages'),
      [ME]: [signedOut, () => json(200, patientSignedIn(patientProfile()))],
    });
    await screen.findByText('Enter your ID (usually your health card number) and your date of birth.');
    expect(screen.queryByRole('textbox', { name: 'One time passcode' })).toBeNull();
    const type = screen.getByRole('combobox', { name: 'ID type' }) as HTMLSelectElement;
    await waitFor(() => expect(within(type).getByRole('option', { name: 'Ontario (OHIP)' })).toBeTruthy());
    expect(await axeViolations()).toEqual([]);

    fireEvent.change(type, { target: { value: 'ON' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'ID number' }), { target: { value: '1234 567 890' } });
    fireEvent.change(dateOfBirth(), { target: { value: '1984-03-09' } });
    fireEvent.click(screen.getByRole('button', { name: 'LOGIN' }));

    await waitFor(() => expect(window.location.pathname).toBe('/demo/messages'));
    expect(calls.find((call) => call.url === `${API}/links/verify`)!.json).toEqual({
      token: TOKEN,
      passcode: null,
      idType: 'ON',
      idNumber: '1234 567 890',
      dateOfBirth: '1984-03-09',
      stayLoggedIn: false,
    });
  });

  it('offers Resend Quick Passcode and Continue to Login for an expired link; the resent passcode is then asked for', async () => {
    const { calls } = renderPortal(LINK_PATH, {
      [STATE]: ended('expired'),
      [RESEND]: () => json(202, { expiresInMinutes: 4320 }),
    });
    expect(await screen.findByRole('heading', { name: 'Your access code has expired' })).toBeTruthy();
    expect(screen.getByText('Access codes expire after 3 days and can only be used one time.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Continue to Login' })).toBeTruthy();
    expect(await axeViolations()).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Resend Quick Passcode' }));

    expect(await screen.findByRole('heading', { name: 'Open your message' })).toBeTruthy();
    expect(screen.getByText(/A new quick passcode has been sent to your preferred notification method \(email or SMS\)\. It works for 3 days\./)).toBeTruthy();
    expect(calls.find((call) => call.url === `${API}/links/resend`)!.json).toEqual({ token: TOKEN });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Open your message' })));
    expect(passcode().value).toBe('');
    expect(await axeViolations()).toEqual([]);
  });

  it('says a used link was used, and Continue to Login goes to the ordinary log-in', async () => {
    renderPortal(LINK_PATH, { [STATE]: ended('used') });
    expect(await screen.findByRole('heading', { name: 'This access code was already used' })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Continue to Login' }));

    expect(await screen.findByRole('heading', { name: 'Log in' })).toBeTruthy();
    expect(window.location.pathname).toBe('/demo/');
  });

  it('gives the wait when too many passcodes were asked for', async () => {
    renderPortal(LINK_PATH, {
      [STATE]: ended('expired'),
      [RESEND]: () => problem(429, 'too_many_requests', 'Too many.', { headers: { 'Retry-After': '600' } }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Resend Quick Passcode' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Too many passcodes asked for. Try again in 10 minutes.');
  });

  it('shows the expired screen when the passcode ran out while the page was open', async () => {
    renderPortal(LINK_PATH, {
      [STATE]: [usable(), ended('expired')],
      [VERIFY_LINK]: () => problem(400, 'link_expired', 'Expired.'),
    });
    await screen.findByRole('heading', { name: 'Open your message' });
    fillPasscodeForm();
    fireEvent.click(screen.getByRole('button', { name: 'LOGIN' }));
    expect(await screen.findByRole('heading', { name: 'Your access code has expired' })).toBeTruthy();
  });

  it('says when a link does not work, with Continue to Login', async () => {
    renderPortal(LINK_PATH, { [STATE]: () => problem(404, 'link_not_found', 'No such link.') });
    expect(await screen.findByRole('heading', { name: 'This link does not work' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Continue to Login' })).toBeTruthy();
    expect(await axeViolations()).toEqual([]);
  });

  it('speaks French, with axe finding nothing', async () => {
    inFrench();
    renderPortal(LINK_PATH, { [STATE]: [usable(), ended('expired')], [VERIFY_LINK]: () => problem(400, 'link_expired', 'Expired.') });
    expect(await screen.findByRole('heading', { name: 'Ouvrir votre message' })).toBeTruthy();
    expect(screen.getByLabelText('Date de naissance')).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: 'Rester connecté' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Retour' })).toBeTruthy();
    expect(await axeViolations()).toEqual([]);
    fireEvent.change(screen.getByRole('textbox', { name: "Code d'accès à usage unique" }), { target: { value: '123456' } });
    fireEvent.change(screen.getByLabelText('Date de naissance'), { target: { value: '1984-03-09' } });
    fireEvent.click(screen.getByRole('button', { name: 'Se connecter' }));
    expect(await screen.findByRole('heading', { name: "Votre code d'accès a expiré" })).toBeTruthy();
    expect(screen.getByText("Les codes d'accès expirent après 3 jours et ne peuvent être utilisés qu'une seule fois.")).toBeTruthy();
    expect(screen.getByRole('button', { name: "Renvoyer le code d'accès rapide" })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Continuer vers la connexion' })).toBeTruthy();
    expect(await axeViolations()).toEqual([]);
  });
});
