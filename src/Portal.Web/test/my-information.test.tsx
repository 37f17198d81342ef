import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SESSION_STORAGE_KEY, STORAGE_KEY, pageLanguage } from '../src/shared/i18n/language';
import { patientInformation, patientProfile, patientSignedIn } from './fixtures';
import { axeViolations, json, problem, type Handler } from './helpers';
import { API, ME, inFrench, renderPortal } from './portal-helpers';

const INFORMATION = `GET ${API}/me/information`;
const UPDATE = `PUT ${API}/me/information`;
const START_CHANGE = `POST ${API}/me/contacts`;
const CONFIRM_CHANGE = `POST ${API}/me/contacts/confirm`;

function renderMyInformation(routes: Record<string, Handler | Handler[]> = {}, language: 'en' | 'fr' = 'en') {
  return renderPortal('/demo/my-information', {
    [ME]: () => json(200, patientSignedIn(patientProfile({ language }))),
    [INFORMATION]: () => json(200, patientInformation({ preferredLanguage: language })),
    ...routes,
  });
}

const box = (name: string) => screen.getByRole('textbox', { name }) as HTMLInputElement;
const choice = (name: string) => screen.getByRole('combobox', { name }) as HTMLSelectElement;

describe('My information, updated by the patient', { timeout: 30_000 }, () => {
  it('sends only what a patient may change, with the version, and says it was updated', async () => {
    const { calls } = renderMyInformation({
      [UPDATE]: (call) => json(200, { ...patientInformation(), ...(call.json as object), version: 4 }),
    });
    await screen.findByRole('heading', { level: 3, name: 'Your details' });
    expect(box('Preferred name').value).toBe('Cam');
    expect(box('Street address').value).toBe('123 Main Street');
    expect(choice('Province or territory').value).toBe('ON');

    fireEvent.change(box('Street address'), { target: { value: '200 Rideau St' } });
    fireEvent.change(box('Apartment, suite or unit'), { target: { value: '' } });
    fireEvent.change(box('Postal code'), { target: { value: 'K1N 5Y1' } });
    fireEvent.change(choice('Preferred contact method'), { target: { value: 'email' } });
    fireEvent.click(screen.getByRole('button', { name: 'Update' }));

    expect(await screen.findByText('Your information was updated.')).toBeTruthy();
    const sent = calls.filter((call) => call.method === 'PUT');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.json).toEqual({
      version: 3,
      preferredName: 'Cam',
      gender: null,
      address: { line1: '200 Rideau St', line2: null, city: 'Ottawa', province: 'ON', postalCode: 'K1N 5Y1', country: 'CA' },
      preferredContactMethod: 'email',
      preferredLanguage: 'en',
    });
  });

  it('switches the whole portal to the preferred language chosen, at once, over an earlier use of the switch', async () => {
    window.sessionStorage.setItem(SESSION_STORAGE_KEY, 'en');
    const { calls } = renderMyInformation({
      [UPDATE]: () => json(200, patientInformation({ preferredLanguage: 'fr', version: 4 })),
      [ME]: [() => json(200, patientSignedIn(patientProfile())), () => json(200, patientSignedIn(patientProfile({ language: 'fr' })))],
    });
    await screen.findByRole('heading', { level: 3, name: 'Your details' });

    fireEvent.change(choice('Preferred language'), { target: { value: 'fr' } });
    fireEvent.click(screen.getByRole('button', { name: 'Update' }));

    expect(await screen.findByRole('heading', { level: 2, name: 'Mes renseignements' })).toBeTruthy();
    expect(screen.getByText('Vos renseignements ont été mis à jour.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'English' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('fr');
    expect(window.sessionStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
    expect(window.localStorage.getItem(STORAGE_KEY)).toBe('fr');
    await waitFor(() => expect(calls.filter((call) => call.url === `${API}/session`).length).toBeGreaterThan(1));
  });

  it("follows the patient's preferred language once signed in, until the language switch is used in this browser session", async () => {
    window.localStorage.setItem(STORAGE_KEY, 'en');
    renderMyInformation({}, 'fr');
    expect(await screen.findByRole('heading', { level: 2, name: 'Mes renseignements' })).toBeTruthy();

    act(() => screen.getByRole('button', { name: 'English' }).click());

    expect(await screen.findByRole('heading', { level: 2, name: 'My information' })).toBeTruthy();
    expect(window.sessionStorage.getItem(SESSION_STORAGE_KEY)).toBe('en');
  });

  it('shows the problems the clinic found next to their fields', async () => {
    const refused = () =>
      problem(400, 'validation_failed', 'One or more fields are not valid.', {
        errors: { 'address.postalCode': ['A Canadian postal code looks like K1A 0B1.'] },
        fieldCodes: { 'address.postalCode': ['invalid_postal_code'] },
      });
    renderMyInformation({ [UPDATE]: refused });
    await screen.findByRole('heading', { level: 3, name: 'Your details' });
    fireEvent.change(box('Postal code'), { target: { value: '90210' } });
    fireEvent.click(screen.getByRole('button', { name: 'Update' }));

    expect(await screen.findByText('Some details need a change. Check the fields marked below.')).toBeTruthy();
    const postal = box('Postal code');
    expect(postal.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(postal.getAttribute('aria-describedby')!)!.textContent).toMatch(/K1A 0B1/);
    expect(await axeViolations()).toEqual([]);
  });

  it('says in French when the clinic changed the chart meanwhile, and shows the latest on request', async () => {
    inFrench();
    const { calls } = renderMyInformation(
      {
        [UPDATE]: () => problem(409, 'patient_changed', 'The clinic changed your information after you opened this page. Reload to see it.'),
        [INFORMATION]: [() => json(200, patientInformation()), () => json(200, patientInformation({ preferredName: 'Camie', version: 4 }))],
      },
      'fr',
    );
    await screen.findByRole('heading', { level: 3, name: 'Vos renseignements' });
    fireEvent.click(screen.getByRole('button', { name: 'Mettre à jour' }));

    expect(await screen.findByText(/La clinique a modifié vos renseignements/)).toBeTruthy();
    expect(await axeViolations()).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Afficher la dernière version' }));
    await waitFor(() => expect(calls.filter((call) => call.url === `${API}/me/information`)).toHaveLength(2));
  });

  it('changes the email address with a passcode sent to the new one', async () => {
    const { calls } = renderMyInformation({
      [START_CHANGE]: () => json(202, { changeId: 'change-1', expiresInMinutes: 10 }),
      [CONFIRM_CHANGE]: [
        () => problem(400, 'passcode_invalid', 'The passcode is wrong or has expired.'),
        () => json(200, { kind: 'email', value: 'new@example.com' }),
      ],
    });
    await screen.findByRole('heading', { level: 3, name: 'Email and mobile' });
    fireEvent.click(screen.getByRole('button', { name: 'Change email address' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'New email address' }), { target: { value: 'new@example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send a passcode' }));

    const passcode = await screen.findByRole('textbox', { name: 'One time passcode' });
    expect(screen.getByText('We sent a passcode to new@example.com. It works for 10 minutes.')).toBeTruthy();
    expect(await axeViolations()).toEqual([]);
    fireEvent.change(passcode, { target: { value: '111111' } });
    fireEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(passcode.getAttribute('aria-invalid')).toBe('true'));
    fireEvent.change(passcode, { target: { value: '123456' } });
    fireEvent.click(screen.getByRole('button', { name: 'Confirm' }));

    expect(await screen.findByText('Your email address is now new@example.com. We let the previous one know.')).toBeTruthy();
    expect(calls.find((call) => call.method === 'POST' && call.url === `${API}/me/contacts`)!.json).toEqual({ kind: 'email', value: 'new@example.com' });
    expect(calls.filter((call) => call.method === 'PUT')).toEqual([]);
  });

  it('has no problem for axe in English', async () => {
    renderMyInformation();
    await screen.findByRole('heading', { level: 3, name: 'Your details' });
    expect(await axeViolations()).toEqual([]);
  });

  it('has no problem for axe in French', async () => {
    inFrench();
    renderMyInformation({}, 'fr');
    const form = await screen.findByRole('heading', { level: 3, name: 'Vos renseignements' });
    expect(within(form.parentElement!).getByRole('button', { name: 'Mettre à jour' })).toBeTruthy();
    expect(screen.getByText('Demandez à la clinique de modifier ce renseignement.')).toBeTruthy();
    expect(await axeViolations()).toEqual([]);
  });
});

describe('the page language', () => {
  it('takes ?lang=, then the switch of this browser session, then the preferred language, then the remembered choice', () => {
    expect(pageLanguage({ search: '?lang=fr', session: 'en', preferred: 'en', stored: 'en' })).toBe('fr');
    expect(pageLanguage({ search: '', session: 'en', preferred: 'fr', stored: 'fr' })).toBe('en');
    expect(pageLanguage({ search: '', session: null, preferred: 'fr', stored: 'en', browser: ['en-CA'] })).toBe('fr');
    expect(pageLanguage({ search: '', session: null, preferred: null, stored: 'fr', browser: ['en-CA'] })).toBe('fr');
    expect(pageLanguage({ search: '', session: null, preferred: null, stored: null, browser: ['de'], clinicDefault: 'fr' })).toBe('fr');
  });
});
