import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { publicPortal } from './fixtures';
import { axeViolations, json, problem } from './helpers';
import { API, inFrench, renderPortal } from './portal-helpers';

const REGISTER = `POST ${API}/register`;
const REGISTER_VERIFY = `POST ${API}/register/verify`;
const open = () => json(200, publicPortal({ selfRegistrationEnabled: true, registrationConsentEn: 'Demo consent in English.', registrationConsentFr: 'Consentement de démo.' }));

async function noViolations() {
  expect(await axeViolations()).toEqual([]);
}

const textbox = (name: string) => screen.getByRole('textbox', { name }) as HTMLInputElement;

async function fillForm() {
  fireEvent.change(await screen.findByLabelText('Legal first name'), { target: { value: 'Ada' } });
  fireEvent.change(screen.getByLabelText('Legal last name'), { target: { value: 'Whitfield' } });
  fireEvent.change(screen.getByLabelText('Date of birth'), { target: { value: '1991-04-12' } });
  fireEvent.change(screen.getByLabelText('Sex (as on your health card)'), { target: { value: 'female' } });
  await waitFor(() => expect(screen.getByRole('option', { name: 'Ontario (OHIP)' })).toBeTruthy());
  fireEvent.change(screen.getByLabelText('ID type'), { target: { value: 'ON' } });
  fireEvent.change(textbox('ID number'), { target: { value: '1234567890' } });
  fireEvent.change(textbox('Email address'), { target: { value: 'ada@example.com' } });
}

describe('self-registration', { timeout: 30_000 }, () => {
  it('is offered on the sign-in page only while the clinic takes registrations', async () => {
    renderPortal('/demo/', { [`GET ${API}`]: open });
    expect(await screen.findByRole('link', { name: 'Register with the clinic' })).toBeTruthy();
  });

  it('is not offered on the sign-in page when S3 is off', async () => {
    renderPortal('/demo/');
    await screen.findByRole('combobox', { name: 'ID type' });
    expect(screen.queryByRole('link', { name: 'Register with the clinic' })).toBeNull();
  });

  it('says registration is not available at /register when S3 is off, and sends nothing', async () => {
    const { calls } = renderPortal('/demo/register');
    expect(await screen.findByRole('heading', { name: 'Registration is not available' })).toBeTruthy();
    expect(calls.filter((call) => call.method === 'POST')).toEqual([]);
    await noViolations();
  });

  it('shows the clinic\'s consent, asks for what is missing before sending, and passes axe', async () => {
    const { calls } = renderPortal('/demo/register', { [`GET ${API}`]: open });
    expect(await screen.findByRole('heading', { name: 'Register with the clinic' })).toBeTruthy();
    expect(screen.getByText('Demo consent in English.')).toBeTruthy();
    await noViolations();
    fireEvent.click(screen.getByRole('button', { name: 'Send the passcode' }));
    expect(await screen.findByText('Agree to the consent to register.')).toBeTruthy();
    expect(screen.getByLabelText('Legal first name').getAttribute('aria-invalid')).toBe('true');
    expect(calls.filter((call) => call.method === 'POST')).toEqual([]);
    await noViolations();
  });

  it('sends the form, then the passcode, and answers the same "check your email" whatever the server found', async () => {
    const { calls } = renderPortal('/demo/register', {
      [`GET ${API}`]: open,
      [REGISTER]: () => json(202, { registrationId: 'reg-1', expiresInMinutes: 10, contactKind: 'email' }),
      [REGISTER_VERIFY]: () => json(200, { contactKind: 'email' }),
    });
    await fillForm();
    fireEvent.click(screen.getByLabelText('I have read and I agree'));
    fireEvent.click(screen.getByRole('button', { name: 'Send the passcode' }));
    expect(await screen.findByRole('heading', { name: 'Check your email' })).toBeTruthy();
    const sent = calls.find((call) => call.method === 'POST' && call.url.endsWith('/register'))!;
    expect(sent.json).toMatchObject({
      legalGivenName: 'Ada',
      identifier: { type: 'ON', number: '1234567890', versionCode: null },
      email: 'ada@example.com',
      proveWith: 'email',
      consentGiven: true,
      address: null,
    });
    expect(Object.keys(sent.json as object)).not.toContain('patientId');
    await noViolations();
    fireEvent.change(screen.getByLabelText('One time passcode'), { target: { value: '123456' } });
    fireEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    expect(await screen.findByText('Thank you. Demo Family Clinic received your registration.')).toBeTruthy();
    expect(calls.find((call) => call.url.endsWith('/register/verify'))!.json).toEqual({ registrationId: 'reg-1', passcode: '123456' });
    await noViolations();
  });

  it('puts a wrong passcode under its field', async () => {
    renderPortal('/demo/register', {
      [`GET ${API}`]: open,
      [REGISTER]: () => json(202, { registrationId: 'reg-1', expiresInMinutes: 10, contactKind: 'email' }),
      [REGISTER_VERIFY]: () => problem(400, 'passcode_invalid', 'The passcode is wrong or has expired.'),
    });
    await fillForm();
    fireEvent.click(screen.getByLabelText('I have read and I agree'));
    fireEvent.click(screen.getByRole('button', { name: 'Send the passcode' }));
    fireEvent.change(await screen.findByLabelText('One time passcode'), { target: { value: '000000' } });
    fireEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    expect(await screen.findByText('The passcode is wrong or has expired. Start again if you need a new one.')).toBeTruthy();
    expect(screen.getByLabelText('One time passcode').getAttribute('aria-invalid')).toBe('true');
  });

  it('speaks French, with the clinic\'s French consent', async () => {
    inFrench();
    renderPortal('/demo/register', { [`GET ${API}`]: open });
    expect(await screen.findByRole('heading', { name: 'Vous inscrire auprès de la clinique' })).toBeTruthy();
    expect(screen.getByText('Consentement de démo.')).toBeTruthy();
    await noViolations();
  });
});
