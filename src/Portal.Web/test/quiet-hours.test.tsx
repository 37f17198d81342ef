import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { StaffProfile } from '../src/admin/api';
import { AdminApp } from '../src/admin/AdminApp';
import { adminMessages } from '../src/admin/messages';
import { clinicAdminPath, parseAdminPath } from '../src/admin/routes';
import { checkQuietHours, saveCommand, serverCodeKeys } from '../src/admin/settings/quietHoursForm';
import { STORAGE_KEY } from '../src/shared/i18n/language';
import { ANTIFORGERY, axeViolations, json, mockServer, problem, renderWithI18n, type Handler } from './helpers';
import { owner, smsQuietHours, staffMember, staffSignedIn } from './fixtures';

const API = '/api/clinics/demo';
const QUIET_HOURS = `${API}/settings/sms-quiet-hours`;
const PAGE = '/demo/admin/settings/sms-quiet-hours';

function renderAdmin(routes: Record<string, Handler | Handler[]>, profile: StaffProfile = owner) {
  window.history.replaceState(null, '', PAGE);
  const server = mockServer({
    'GET /api/antiforgery': () => json(200, ANTIFORGERY),
    [`GET ${API}/staff/session`]: () => json(200, staffSignedIn(profile)),
    [`GET ${API}/portal`]: () => json(200, { slug: 'demo', clinicName: 'Demo Family Clinic', defaultLanguage: 'en', timeZone: 'America/Toronto' }),
    [`GET ${QUIET_HOURS}`]: () => json(200, smsQuietHours()),
    ...routes,
  });
  renderWithI18n(<AdminApp />, adminMessages);
  return server;
}

function inFrench() {
  window.localStorage.setItem(STORAGE_KEY, 'fr');
}

const input = (name: string) => screen.getByLabelText(name) as HTMLInputElement;
const describedText = (element: HTMLElement) =>
  (element.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' | ');
/** The heading shows while loading too: wait for the form itself. */
const loaded = (label = 'Quiet hours start') => screen.findByLabelText(label);

describe('the SMS quiet hours address', () => {
  it('is a clinic settings page of its own', () => {
    expect(parseAdminPath('/demo/admin/settings/sms-quiet-hours')).toEqual({
      route: { area: 'clinic', slug: 'demo', page: 'settings/sms-quiet-hours' },
      canonical: null,
    });
    expect(parseAdminPath('/demo/admin/settings/sms-quiet-hours/').route).toEqual({ area: 'clinic', slug: 'demo', page: 'settings/sms-quiet-hours' });
    expect(clinicAdminPath('demo', 'settings/sms-quiet-hours')).toBe(PAGE);
    expect(parseAdminPath(clinicAdminPath('clinique-été', 'settings/sms-quiet-hours')).route).toEqual({
      area: 'clinic',
      slug: 'clinique-été',
      page: 'settings/sms-quiet-hours',
    });
  });

  it('knows no pages under it, nor other spellings', () => {
    expect(parseAdminPath('/demo/admin/settings/sms-quiet-hours/edit').route).toMatchObject({ page: 'notFound' });
    expect(parseAdminPath('/demo/admin/settings/quiet-hours').route).toMatchObject({ page: 'notFound' });
    expect(parseAdminPath('/demo/admin/sms-quiet-hours').route).toMatchObject({ page: 'notFound' });
  });
});

describe('the quiet hours form', () => {
  it('asks for both times before sending', () => {
    expect(checkQuietHours({ startsAt: '21:00', endsAt: '08:00' })).toEqual({});
    expect(checkQuietHours({ startsAt: '', endsAt: ' ' })).toEqual({
      startsAt: 'quietHours.error.startRequired',
      endsAt: 'quietHours.error.endRequired',
    });
  });

  it('sends the times as HH:mm, without the seconds a browser may add', () => {
    expect(saveCommand({ startsAt: '21:00:00', endsAt: '07:45:00.000' })).toEqual({ startsAt: '21:00', endsAt: '07:45' });
    expect(saveCommand({ startsAt: '22:30', endsAt: '06:00' })).toEqual({ startsAt: '22:30', endsAt: '06:00' });
  });

  it('reads the server\'s generic field codes against the values sent', () => {
    expect(serverCodeKeys('startsAt', { startsAt: '25:00', endsAt: '08:00' })).toEqual({ invalid: 'quietHours.error.time' });
    expect(serverCodeKeys('endsAt', { startsAt: '22:00', endsAt: '22:00' })).toEqual({ invalid: 'quietHours.error.sameTime' });
    expect(serverCodeKeys('startsAt', { startsAt: '22:00', endsAt: '22:00' })).toEqual({});
    expect(serverCodeKeys('endsAt', { startsAt: '22:00', endsAt: '08:00' })).toEqual({});
  });
});

describe('Settings > SMS quiet hours', () => {
  it('explains quiet hours, says that the Portal default is in use, and shows its times', async () => {
    renderAdmin({});
    await loaded();
    expect(screen.getByRole('heading', { level: 1, name: 'SMS quiet hours' })).toBeTruthy();
    expect(document.title).toBe('SMS quiet hours – Demo Family Clinic');
    expect(screen.getByRole('link', { name: 'SMS quiet hours', current: 'page' }).getAttribute('href')).toBe(PAGE);
    expect(screen.getByText(/routine text messages, such as appointment reminders, are not sent/)).toBeTruthy();
    expect(screen.getByText(/go out when quiet hours end/)).toBeTruthy();
    expect(screen.getByText(/One-time passcodes are always sent at once/)).toBeTruthy();
    expect(screen.getByText("Quiet hours follow the clinic's time zone: Eastern Time (America/Toronto).")).toBeTruthy();
    expect(screen.getByText("The clinic uses Portal's default quiet hours, from 9:00 p.m. to 8:00 a.m. every day, until it sets its own.")).toBeTruthy();

    const start = input('Quiet hours start');
    const end = input('Quiet hours end');
    expect(start.type).toBe('time');
    expect(end.type).toBe('time');
    expect(start.value).toBe('21:00');
    expect(end.value).toBe('08:00');
    expect(start.disabled).toBe(false);
    expect(start.getAttribute('aria-invalid')).toBeNull();
    expect(describedText(start)).toBe('Quiet hours may run past midnight, for example from 9:00 p.m. to 8:00 a.m.');
    expect(screen.getByRole('button', { name: 'Save quiet hours' })).toBeTruthy();
    expect(screen.queryByText("Only the clinic's owners and administrators can change the quiet hours.")).toBeNull();
    expect(screen.getAllByRole('heading', { level: 1 })).toHaveLength(1);
  });

  it('says when the clinic has set its own', async () => {
    renderAdmin({ [`GET ${QUIET_HOURS}`]: () => json(200, smsQuietHours({ startsAt: '22:30', endsAt: '07:00', timeZone: 'America/Vancouver', isDefault: false })) });
    await loaded();
    expect(screen.getByText('The clinic has set its own quiet hours: from 10:30 p.m. to 7:00 a.m. every day.')).toBeTruthy();
    expect(screen.getByText("Quiet hours follow the clinic's time zone: Pacific Time (America/Vancouver).")).toBeTruthy();
    expect(input('Quiet hours start').value).toBe('22:30');
  });

  it('speaks French', async () => {
    inFrench();
    renderAdmin({});
    await loaded('Début des heures de silence');
    expect(screen.getByRole('heading', { level: 1, name: 'Heures de silence des textos' })).toBeTruthy();
    expect(document.title).toBe('Heures de silence des textos – Demo Family Clinic');
    expect(screen.getByRole('link', { name: 'Heures de silence des textos', current: 'page' })).toBeTruthy();
    expect(screen.getByText(/les textos courants, comme les rappels de rendez-vous, ne sont pas envoyés/)).toBeTruthy();
    expect(screen.getByText(/Les codes d'accès à usage unique sont toujours envoyés immédiatement/)).toBeTruthy();
    expect(screen.getByText(/^Les heures de silence suivent le fuseau horaire de la clinique : heure de l.Est \(America\/Toronto\)\.$/)).toBeTruthy();
    expect(screen.getByText("La clinique utilise les heures de silence par défaut de Portal, de 21 h 00 à 8 h 00 tous les jours, jusqu'à ce qu'elle définisse les siennes.")).toBeTruthy();
    expect(input('Début des heures de silence').value).toBe('21:00');
    expect(input('Fin des heures de silence').value).toBe('08:00');
    expect(screen.getByRole('button', { name: 'Enregistrer les heures de silence' })).toBeTruthy();
  });

  it('saves the times typed and shows the saved message', async () => {
    const { calls } = renderAdmin({
      [`PUT ${QUIET_HOURS}`]: () => json(200, smsQuietHours({ startsAt: '22:30', endsAt: '07:00', isDefault: false })),
    });
    await loaded();
    fireEvent.change(input('Quiet hours start'), { target: { value: '22:30' } });
    fireEvent.change(input('Quiet hours end'), { target: { value: '07:00:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save quiet hours' }));

    const saved = await screen.findByText('Quiet hours saved.');
    expect(saved.closest('[role="status"]')).toBeTruthy();
    const puts = calls.filter((call) => call.method === 'PUT');
    expect(puts).toHaveLength(1);
    expect(puts[0]!.url).toBe(QUIET_HOURS);
    expect(puts[0]!.json).toEqual({ startsAt: '22:30', endsAt: '07:00' });
    expect(puts[0]!.headers['x-csrf-token']).toBe('token-1');
    expect(screen.getByText('The clinic has set its own quiet hours: from 10:30 p.m. to 7:00 a.m. every day.')).toBeTruthy();
    expect(input('Quiet hours end').value).toBe('07:00');
    expect(screen.queryByRole('alert')).toBeNull();

    // Changing a time again takes the saved message away.
    fireEvent.change(input('Quiet hours start'), { target: { value: '23:00' } });
    expect(screen.queryByText('Quiet hours saved.')).toBeNull();
  });

  it('saves in French', async () => {
    inFrench();
    const { calls } = renderAdmin({
      [`PUT ${QUIET_HOURS}`]: () => json(200, smsQuietHours({ startsAt: '20:00', endsAt: '09:00', isDefault: false })),
    });
    await loaded('Début des heures de silence');
    fireEvent.change(input('Début des heures de silence'), { target: { value: '20:00' } });
    fireEvent.change(input('Fin des heures de silence'), { target: { value: '09:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer les heures de silence' }));
    expect((await screen.findByText('Heures de silence enregistrées.')).closest('[role="status"]')).toBeTruthy();
    expect(calls.find((call) => call.method === 'PUT')!.json).toEqual({ startsAt: '20:00', endsAt: '09:00' });
    expect(screen.getByText('La clinique a défini ses propres heures de silence : de 20 h 00 à 9 h 00 tous les jours.')).toBeTruthy();
  });

  it('shows the server\'s refusal under the end time when it equals the start', async () => {
    const { calls } = renderAdmin({
      [`PUT ${QUIET_HOURS}`]: () =>
        problem(400, 'validation_failed', 'One or more fields are not valid.', {
          errors: { endsAt: ['Quiet hours must end at another time than they start.'] },
          fieldCodes: { endsAt: ['invalid'] },
        }),
    });
    await loaded();
    fireEvent.change(input('Quiet hours start'), { target: { value: '22:00' } });
    fireEvent.change(input('Quiet hours end'), { target: { value: '22:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save quiet hours' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('The quiet hours were not saved. Check the messages next to the fields.');
    expect(calls.find((call) => call.method === 'PUT')!.json).toEqual({ startsAt: '22:00', endsAt: '22:00' });
    const end = input('Quiet hours end');
    expect(end.getAttribute('aria-invalid')).toBe('true');
    const message = screen.getByText('Quiet hours must end at another time than they start.');
    expect(message.className).toBe('field-error');
    expect(end.getAttribute('aria-describedby')!.split(' ')).toContain(message.id);
    expect(input('Quiet hours start').getAttribute('aria-invalid')).toBeNull();
    expect(describedText(input('Quiet hours start'))).not.toContain('Quiet hours must end');
    expect(screen.queryByText('Quiet hours saved.')).toBeNull();
    expect(await axeViolations()).toEqual([]);
  });

  it('translates the server\'s generic field codes', async () => {
    inFrench();
    renderAdmin({
      [`PUT ${QUIET_HOURS}`]: () =>
        problem(400, 'validation_failed', 'One or more fields are not valid.', {
          errors: { endsAt: ['Quiet hours must end at another time than they start.'] },
          fieldCodes: { endsAt: ['invalid'] },
        }),
    });
    await loaded('Début des heures de silence');
    fireEvent.change(input('Fin des heures de silence'), { target: { value: '21:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer les heures de silence' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe("Les heures de silence n'ont pas été enregistrées. Vérifiez les messages à côté des champs.");
    const end = input('Fin des heures de silence');
    expect(end.getAttribute('aria-invalid')).toBe('true');
    expect(describedText(end)).toContain("Les heures de silence doivent finir à une autre heure que celle où elles commencent.");
    expect(document.body.textContent).not.toContain('Quiet hours must end');
  });

  it('shows a field problem it has no words for as the server put it', async () => {
    renderAdmin({
      [`PUT ${QUIET_HOURS}`]: () =>
        problem(400, 'validation_failed', 'One or more fields are not valid.', {
          errors: { startsAt: ['Quiet hours may last at most 12 hours.'] },
          fieldCodes: { startsAt: ['quiet_hours_too_long'] },
        }),
    });
    await loaded();
    fireEvent.change(input('Quiet hours start'), { target: { value: '18:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save quiet hours' }));
    await screen.findByRole('alert');
    const start = input('Quiet hours start');
    expect(start.getAttribute('aria-invalid')).toBe('true');
    expect(describedText(start)).toContain('Quiet hours may last at most 12 hours.');
    expect(input('Quiet hours end').getAttribute('aria-invalid')).toBeNull();
  });

  it('asks for a time left empty without sending anything', async () => {
    const { calls } = renderAdmin({});
    await loaded();
    fireEvent.change(input('Quiet hours start'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save quiet hours' }));

    const start = input('Quiet hours start');
    expect(await screen.findByText('Enter the time quiet hours start.')).toBeTruthy();
    expect(start.getAttribute('aria-invalid')).toBe('true');
    expect(describedText(start)).toContain('Enter the time quiet hours start.');
    expect(document.activeElement).toBe(start);
    expect(input('Quiet hours end').getAttribute('aria-invalid')).toBeNull();
    expect(calls.some((call) => call.method === 'PUT')).toBe(false);
  });

  it('is read-only for staff', async () => {
    const { calls } = renderAdmin({}, staffMember);
    await loaded();
    expect(screen.getByText("Only the clinic's owners and administrators can change the quiet hours.")).toBeTruthy();
    expect(screen.getByText("The clinic uses Portal's default quiet hours, from 9:00 p.m. to 8:00 a.m. every day, until it sets its own.")).toBeTruthy();
    const start = input('Quiet hours start');
    const end = input('Quiet hours end');
    expect(start.value).toBe('21:00');
    expect(end.value).toBe('08:00');
    expect(start.disabled).toBe(true);
    expect(end.disabled).toBe(true);
    expect(screen.queryByRole('button', { name: 'Save quiet hours' })).toBeNull();
    fireEvent.submit(start.form!);
    expect(calls.some((call) => call.method === 'PUT')).toBe(false);
    expect(screen.getByRole('link', { name: 'SMS quiet hours', current: 'page' })).toBeTruthy();
    expect(await axeViolations()).toEqual([]);
  });

  it('is read-only for staff in French', async () => {
    inFrench();
    renderAdmin({}, staffMember);
    await loaded('Début des heures de silence');
    expect(screen.getByText('Seuls les propriétaires et les administrateurs de la clinique peuvent modifier les heures de silence.')).toBeTruthy();
    expect(input('Fin des heures de silence').disabled).toBe(true);
    expect(screen.queryByRole('button', { name: 'Enregistrer les heures de silence' })).toBeNull();
  });

  it('says so when the account may no longer change them', async () => {
    renderAdmin({ [`PUT ${QUIET_HOURS}`]: () => problem(403, 'forbidden', 'Your account may not do this.') });
    await loaded();
    fireEvent.click(screen.getByRole('button', { name: 'Save quiet hours' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      "The quiet hours were not saved. Only the clinic's owners and administrators can change the quiet hours.",
    );
  });

  it('offers to try again when they could not be loaded', async () => {
    renderAdmin({
      [`GET ${QUIET_HOURS}`]: [() => problem(500, 'unexpected', 'Something broke.'), () => json(200, smsQuietHours())],
    });
    expect((await screen.findByRole('alert')).textContent).toBe('Something broke.');
    expect(screen.getByRole('heading', { level: 1, name: 'SMS quiet hours' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect((await loaded()) as HTMLInputElement).toBeTruthy();
    expect(input('Quiet hours start').value).toBe('21:00');
  });

  it('asks to sign in again when the session has ended', async () => {
    renderAdmin({ [`GET ${QUIET_HOURS}`]: () => problem(401, 'sign_in_required', 'Sign in to continue.') });
    expect(await screen.findByText('Your session has ended. Sign in again to continue.')).toBeTruthy();
    await waitFor(() => expect(screen.getByRole('heading', { level: 1, name: 'Sign in' })).toBeTruthy());
  });
});
