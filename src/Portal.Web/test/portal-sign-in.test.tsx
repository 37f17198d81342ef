import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { patientProfile, patientSignedIn } from './fixtures';
import { json, problem } from './helpers';
import { ID_TYPES, ME, START, VERIFY, describedText, inFrench, signedOut, renderPortal } from './portal-helpers';

const ATTEMPT = { attemptId: 'attempt-1', expiresInMinutes: 10, contactKind: 'email' };
const accepted = (attempt: Record<string, unknown> = ATTEMPT) => () => json(202, attempt);

const combobox = (name: string) => screen.getByRole('combobox', { name }) as HTMLSelectElement;
const textbox = (name: string) => screen.getByRole('textbox', { name }) as HTMLInputElement;
const radio = (name: string) => screen.getByRole('radio', { name }) as HTMLInputElement;

/** Fills the first step: Ontario health card, and the email address. */
async function fillIdentification(number = '1234 567 890', email = 'camille@example.com') {
  fireEvent.change(await screen.findByRole('combobox', { name: 'ID type' }), { target: { value: 'ON' } });
  fireEvent.change(textbox('ID number'), { target: { value: number } });
  fireEvent.click(radio('Email'));
  fireEvent.change(textbox('Email address'), { target: { value: email } });
}

function unsafeCalls(calls: { method: string; url: string }[]) {
  return calls.filter((call) => call.method !== 'GET').map((call) => `${call.method} ${call.url}`);
}

describe('logging in to the patient portal, first step', () => {
  it('offers the 13 health cards, named by province and plan, then the clinic\'s own ID types', async () => {
    renderPortal('/demo/');
    const select = await screen.findByRole('combobox', { name: 'ID type' });
    await waitFor(() => expect(within(select).queryByRole('group', { name: 'Other IDs used by the clinic' })).toBeTruthy());
    const cards = within(within(select).getByRole('group', { name: 'Health cards' })).getAllByRole('option');
    expect(cards).toHaveLength(13);
    expect(cards[0]!.textContent).toBe('Alberta (AHCIP)');
    expect(cards.map((option) => option.textContent)).toContain('Ontario (OHIP)');
    expect(cards.map((option) => option.textContent)).toContain('Quebec (RAMQ)');
    expect((cards.find((option) => option.textContent === 'Ontario (OHIP)') as HTMLOptionElement).value).toBe('ON');
    const own = within(within(select).getByRole('group', { name: 'Other IDs used by the clinic' })).getAllByRole('option');
    expect(own.map((option) => [(option as HTMLOptionElement).value, option.textContent])).toEqual([['MRN', 'Hospital record number']]);
    expect((select as HTMLSelectElement).value).toBe('');
    expect(screen.getByRole('group', { name: 'Identification' })).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Email or phone' })).toBeTruthy();
    expect(describedText(textbox('ID number'))).toBe('Usually your health card number, as it appears on the card.');
  });

  it('still offers the health cards when the list of ID types cannot be loaded', async () => {
    renderPortal('/demo/', { [ID_TYPES]: () => problem(500, 'unexpected', 'Boom.') });
    const select = await screen.findByRole('combobox', { name: 'ID type' });
    expect(within(select).getAllByRole('option')).toHaveLength(14);
    expect(within(select).queryByRole('group', { name: 'Other IDs used by the clinic' })).toBeNull();
  });

  it('labels and types the one contact field after the choice of Mobile or Email, keeping what was typed in each', async () => {
    renderPortal('/demo/');
    await screen.findByRole('combobox', { name: 'ID type' });
    expect(radio('Mobile').checked).toBe(true);
    const mobile = textbox('Mobile number');
    expect(mobile.type).toBe('tel');
    expect(mobile.getAttribute('inputmode')).toBe('tel');
    expect(mobile.getAttribute('autocomplete')).toBe('tel');
    expect(describedText(mobile)).toBe('10 digits, such as 613-555-0123.');
    fireEvent.change(mobile, { target: { value: '613-555-0123' } });

    fireEvent.click(radio('Email'));
    expect(screen.queryByRole('textbox', { name: 'Mobile number' })).toBeNull();
    const email = textbox('Email address');
    expect(email.type).toBe('email');
    expect(email.getAttribute('inputmode')).toBe('email');
    expect(email.getAttribute('autocomplete')).toBe('email');
    expect(email.value).toBe('');
    fireEvent.change(email, { target: { value: 'camille@example.com' } });

    fireEvent.click(radio('Mobile'));
    expect(textbox('Mobile number').value).toBe('613-555-0123');
    fireEvent.click(radio('Email'));
    expect(textbox('Email address').value).toBe('camille@example.com');
  });

  it('says what is missing, next to each field, without sending anything', async () => {
    const { calls } = renderPortal('/demo/');
    await screen.findByRole('combobox', { name: 'ID type' });
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));

    const type = combobox('ID type');
    expect(type.getAttribute('aria-invalid')).toBe('true');
    expect(describedText(type)).toBe('Choose your ID type.');
    expect(describedText(textbox('ID number'))).toContain('Enter your ID number.');
    expect(describedText(textbox('Mobile number'))).toContain('Enter your mobile number.');
    await waitFor(() => expect(document.activeElement).toBe(type));
    expect(unsafeCalls(calls)).toEqual([]);

    // Choosing Email asks for the email address instead.
    fireEvent.change(type, { target: { value: 'ON' } });
    fireEvent.change(textbox('ID number'), { target: { value: '1234567890' } });
    fireEvent.click(radio('Email'));
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    const email = textbox('Email address');
    expect(describedText(email)).toContain('Enter your email address.');
    expect(type.getAttribute('aria-invalid')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(email));
    expect(unsafeCalls(calls)).toEqual([]);
  });

  it("shows the server's problems with the fields next to them, in the page's words", async () => {
    renderPortal('/demo/', {
      [START]: () =>
        problem(400, 'validation_failed', 'Check the fields.', {
          errors: { idNumber: ['The number is too long.'], contact: ['Not an email address.'] },
          fieldCodes: { idNumber: ['too_long'], contact: ['invalid_email'] },
        }),
    });
    await fillIdentification('1'.repeat(40), 'camille@');
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));

    await waitFor(() => expect(describedText(textbox('Email address'))).toContain('Enter an email address such as name@example.com.'));
    expect(textbox('Email address').getAttribute('aria-invalid')).toBe('true');
    expect(describedText(textbox('ID number'))).toContain('This number is too long. Check it against your card.');
    await waitFor(() => expect(document.activeElement).toBe(textbox('ID number')));
    expect(combobox('ID type').getAttribute('aria-invalid')).toBeNull();
  });

  it('gives the wait from Retry-After in minutes when too many passcodes were asked for', async () => {
    renderPortal('/demo/', {
      [START]: [
        () => problem(429, 'too_many_requests', 'Too many requests.', { headers: { 'Retry-After': '30' } }),
        () => problem(429, 'too_many_requests', 'Too many requests.', { headers: { 'Retry-After': '300' } }),
        () => problem(429, 'too_many_requests', 'Too many requests.', { headers: { 'Retry-After': '301' } }),
      ],
    });
    await fillIdentification();
    const next = screen.getByRole('button', { name: 'Next' });
    fireEvent.click(next);
    expect((await screen.findByRole('alert')).textContent).toBe('Too many attempts. Try again in 1 minute.');
    fireEvent.click(next);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Too many attempts. Try again in 5 minutes.'));
    fireEvent.click(next);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Too many attempts. Try again in 6 minutes.'));
    // Still the first step, with what was typed.
    expect(textbox('Email address').value).toBe('camille@example.com');
  });
});

describe('logging in to the patient portal, passcode step', () => {
  it('sends the details as typed, then says a passcode was sent if they match, without saying they did', async () => {
    const { calls } = renderPortal('/demo/', { [START]: accepted() });
    await fillIdentification('  1234 567 890 ', ' camille@example.com ');
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));

    expect(await screen.findByRole('heading', { level: 2, name: 'Check your email' })).toBeTruthy();
    const start = calls.find((call) => call.method === 'POST')!;
    expect(start.url).toBe('/api/clinics/demo/portal/sign-in');
    expect(start.json).toEqual({ idType: 'ON', idNumber: '1234 567 890', contactKind: 'email', contact: 'camille@example.com' });
    expect(start.headers['x-csrf-token']).toBe('token-1');

    expect(screen.getByText(/If the details match our records, a passcode has been sent to camille@example\.com\./).textContent).toBe(
      'If the details match our records, a passcode has been sent to camille@example.com. It works for 10 minutes.',
    );
    expect(screen.getByText(/check your spam folder/)).toBeTruthy();
    const passcode = textbox('One time passcode');
    expect(passcode.getAttribute('inputmode')).toBe('numeric');
    expect(passcode.getAttribute('autocomplete')).toBe('one-time-code');
    expect(describedText(passcode)).toContain('a passcode has been sent to camille@example.com');
    await waitFor(() => expect(document.activeElement).toBe(passcode));
    const stay = screen.getByRole('checkbox', { name: 'Stay logged in' }) as HTMLInputElement;
    expect(stay.checked).toBe(false);
    expect(describedText(stay)).toContain('30 days');
    expect(screen.getByRole('button', { name: 'LOGIN' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Start again' })).toBeTruthy();
    expect(screen.queryByRole('combobox', { name: 'ID type' })).toBeNull();
    await waitFor(() => expect(document.title).toBe('One time passcode – Demo Family Clinic'));
  });

  it('speaks of text messages when the passcode went to a mobile number', async () => {
    const { calls } = renderPortal('/demo/', { [START]: accepted({ ...ATTEMPT, contactKind: 'mobile' }) });
    await screen.findByRole('option', { name: 'Hospital record number' });
    fireEvent.change(combobox('ID type'), { target: { value: 'MRN' } });
    fireEvent.change(textbox('ID number'), { target: { value: 'H12345' } });
    fireEvent.change(textbox('Mobile number'), { target: { value: '613 555 0123' } });
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));

    expect(await screen.findByRole('heading', { level: 2, name: 'Check your text messages' })).toBeTruthy();
    expect(screen.getByText(/a passcode has been sent to 613 555 0123\./)).toBeTruthy();
    expect(calls.find((call) => call.method === 'POST')!.json).toEqual({
      idType: 'MRN',
      idNumber: 'H12345',
      contactKind: 'mobile',
      contact: '613 555 0123',
    });
  });

  it('logs in with the passcode and Stay logged in, then opens the home page', async () => {
    const { calls } = renderPortal('/demo/', {
      [START]: accepted(),
      [VERIFY]: () => json(200, { displayName: 'Camille Tremblay', language: 'fr' }),
      [ME]: [signedOut, () => json(200, patientSignedIn(patientProfile()))],
    });
    await fillIdentification();
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    fireEvent.change(await screen.findByRole('textbox', { name: 'One time passcode' }), { target: { value: ' 123 456 ' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Stay logged in' }));
    fireEvent.click(screen.getByRole('button', { name: 'LOGIN' }));

    const welcome = await screen.findByRole('heading', { level: 2, name: 'Welcome, Camille Tremblay' });
    const verify = calls.find((call) => call.url.endsWith('/sign-in/verify'))!;
    expect(verify.method).toBe('POST');
    expect(verify.json).toEqual({ attemptId: 'attempt-1', passcode: '123456', stayLoggedIn: true });
    expect(verify.headers['x-csrf-token']).toBe('token-1');
    expect(calls.filter((call) => call.url === '/api/clinics/demo/portal/session')).toHaveLength(2);
    await waitFor(() => expect(document.activeElement).toBe(welcome));
    expect(screen.getByRole('button', { name: 'Log out' })).toBeTruthy();
  });

  it('says under the passcode field when the passcode is wrong or expired, and lets the patient try again', async () => {
    const { calls } = renderPortal('/demo/', {
      [START]: accepted(),
      [VERIFY]: [
        () => problem(400, 'passcode_invalid', 'The passcode is wrong or has expired.'),
        () => problem(429, 'sign_in_locked', 'Too many failures.', { headers: { 'Retry-After': '900' } }),
      ],
    });
    await fillIdentification();
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    const passcode = (await screen.findByRole('textbox', { name: 'One time passcode' })) as HTMLInputElement;
    fireEvent.change(passcode, { target: { value: '111111' } });
    fireEvent.click(screen.getByRole('button', { name: 'LOGIN' }));

    await waitFor(() => expect(passcode.getAttribute('aria-invalid')).toBe('true'));
    expect(describedText(passcode)).toBe('The passcode is wrong or has expired.');
    expect(passcode.value).toBe('111111');
    expect(screen.queryByRole('alert')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(passcode));

    fireEvent.change(passcode, { target: { value: '222222' } });
    fireEvent.click(screen.getByRole('button', { name: 'LOGIN' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Too many wrong passcodes. Try again in 15 minutes.');
    expect(passcode.getAttribute('aria-invalid')).toBeNull();
    expect(calls.filter((call) => call.url.endsWith('/verify')).map((call) => (call.json as { passcode: string }).passcode)).toEqual(['111111', '222222']);
  });

  it('asks for the passcode without sending anything when it is empty', async () => {
    const { calls } = renderPortal('/demo/', { [START]: accepted() });
    await fillIdentification();
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    const passcode = await screen.findByRole('textbox', { name: 'One time passcode' });
    fireEvent.click(screen.getByRole('button', { name: 'LOGIN' }));
    expect(describedText(passcode)).toBe('Enter the passcode from the message.');
    expect(calls.filter((call) => call.url.endsWith('/verify'))).toEqual([]);
  });

  it('goes back to the first step with everything kept on Start again, and sends the same details again', async () => {
    const { calls } = renderPortal('/demo/', {
      [START]: [accepted(), accepted({ ...ATTEMPT, attemptId: 'attempt-2' })],
      [VERIFY]: () => problem(400, 'passcode_invalid', 'The passcode is wrong or has expired.'),
    });
    await fillIdentification();
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    fireEvent.change(await screen.findByRole('textbox', { name: 'One time passcode' }), { target: { value: '111111' } });
    fireEvent.click(screen.getByRole('button', { name: 'LOGIN' }));
    await screen.findByText('The passcode is wrong or has expired.');

    fireEvent.click(screen.getByRole('button', { name: 'Start again' }));
    const heading = screen.getByRole('heading', { level: 2, name: 'Log in' });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(combobox('ID type').value).toBe('ON');
    expect(textbox('ID number').value).toBe('1234 567 890');
    expect(radio('Email').checked).toBe(true);
    expect(textbox('Email address').value).toBe('camille@example.com');
    expect(screen.queryByText('The passcode is wrong or has expired.')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    const passcode = (await screen.findByRole('textbox', { name: 'One time passcode' })) as HTMLInputElement;
    expect(passcode.value).toBe('');
    const starts = calls.filter((call) => call.method === 'POST' && call.url.endsWith('/sign-in'));
    expect(starts).toHaveLength(2);
    expect(starts[1]!.json).toEqual(starts[0]!.json);
  });
});

describe('logging in, in French', () => {
  it('names every field, choice and button in Canadian French', async () => {
    inFrench();
    renderPortal('/demo/', {
      [START]: [
        () => problem(429, 'too_many_requests', 'Too many requests.', { headers: { 'Retry-After': '300' } }),
        accepted(),
      ],
    });
    expect(await screen.findByRole('heading', { level: 2, name: 'Connexion' })).toBeTruthy();
    await waitFor(() => expect(document.title).toBe('Connexion – Demo Family Clinic'));
    expect(screen.getByRole('group', { name: 'Identification' })).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Courriel ou téléphone' })).toBeTruthy();
    const select = combobox("Type d'identifiant");
    await waitFor(() => expect(within(select).getByRole('option', { name: 'Numéro de dossier hospitalier' })).toBeTruthy());
    const cards = within(within(select).getByRole('group', { name: 'Cartes santé' })).getAllByRole('option');
    expect(cards.map((option) => option.textContent)).toEqual(expect.arrayContaining(['Ontario (RAMO)', 'Québec (RAMQ)', 'Île-du-Prince-Édouard']));
    expect(textbox("Numéro d'identifiant")).toBeTruthy();
    expect(radio('Cellulaire').checked).toBe(true);
    expect(textbox('Numéro de cellulaire').type).toBe('tel');

    fireEvent.change(select, { target: { value: 'QC' } });
    fireEvent.change(textbox("Numéro d'identifiant"), { target: { value: 'TREC 8403 0912' } });
    fireEvent.click(radio('Courriel'));
    fireEvent.change(textbox('Adresse courriel'), { target: { value: 'camille@example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Suivant' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Trop de tentatives. Réessayez dans 5 minutes.');

    fireEvent.click(screen.getByRole('button', { name: 'Suivant' }));
    expect(await screen.findByRole('heading', { level: 2, name: 'Consultez vos courriels' })).toBeTruthy();
    expect(screen.getByText(/Si les renseignements correspondent à nos dossiers, un code d'accès a été envoyé à camille@example\.com\./).textContent).toContain(
      'Il est valide pendant 10 minutes.',
    );
    expect(textbox("Code d'accès à usage unique")).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: 'Rester connecté' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Se connecter' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Recommencer' })).toBeTruthy();
    await waitFor(() => expect(document.title).toBe("Code d'accès à usage unique – Demo Family Clinic"));
  });
});
