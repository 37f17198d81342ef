import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { StaffProfile } from '../src/admin/api';
import { AdminApp } from '../src/admin/AdminApp';
import { adminMessages } from '../src/admin/messages';
import { STORAGE_KEY } from '../src/shared/i18n/language';
import { ANTIFORGERY, axeViolations, json, mockServer, problem, renderWithI18n, type Handler } from './helpers';
import { owner, staffMember, staffSignedIn } from './fixtures';

const API = '/api/clinics/demo';
const SETUP = `${API}/appointments`;
const PROVIDER = '0190f5a2-7c1e-7d3a-9b2c-0000000000a1';
const LOCATION = '0190f5a2-7c1e-7d3a-9b2c-0000000000b1';
const TYPE = '0190f5a2-7c1e-7d3a-9b2c-0000000000c1';

const provider = { id: PROVIDER, name: 'Dr. Ada Lee', title: 'Family physician', languages: ['en', 'fr'], staffAccountId: null, active: true };
const location = { id: LOCATION, name: 'Main office', address: '1 King St', active: true };
const type = {
  id: TYPE,
  nameEn: 'Follow-up visit',
  nameFr: 'Visite de suivi',
  durationMinutes: 30,
  mode: 'in_person',
  bookableOnline: true,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 5,
  providerIds: [PROVIDER],
  active: true,
};
const rules = { minNoticeMinutes: 120, bookAheadDays: 90, changeWindowMinutes: 1440, maxUpcoming: 3, bookingMode: 'direct' };

function renderAdmin(path: string, routes: Record<string, Handler | Handler[]>, profile: StaffProfile = owner) {
  window.history.replaceState(null, '', path);
  const server = mockServer({
    'GET /api/antiforgery': () => json(200, ANTIFORGERY),
    [`GET ${API}/staff/session`]: () => json(200, staffSignedIn(profile)),
    [`GET ${API}/portal`]: () => json(200, { slug: 'demo', clinicName: 'Demo Family Clinic', defaultLanguage: 'en', timeZone: 'America/Toronto' }),
    [`GET ${SETUP}/providers`]: () => json(200, { items: [provider] }),
    [`GET ${SETUP}/locations`]: () => json(200, { items: [location] }),
    [`GET ${SETUP}/types`]: () => json(200, { items: [type] }),
    [`GET ${API}/messaging/staff`]: () => json(200, [{ id: 'u-9', displayName: 'Ada Lee' }]),
    [`GET ${SETUP}/rules`]: () => json(200, rules),
    ...routes,
  });
  renderWithI18n(<AdminApp />, adminMessages);
  return server;
}

const input = (name: string) => screen.getByLabelText(name) as HTMLInputElement;

describe('Settings > Appointments > Providers', () => {
  it('lists the providers with a link to their hours, and adds one', async () => {
    const added = { ...provider, id: 'p-2', name: 'Ben Roy', title: null, languages: ['fr'], staffAccountId: 'u-9' };
    const { calls } = renderAdmin('/demo/admin/settings/appointments/providers', { [`POST ${SETUP}/providers`]: () => json(201, added) });
    expect(await screen.findByRole('cell', { name: 'Family physician' })).toBeTruthy();
    expect(document.title).toBe('Providers – Demo Family Clinic');
    expect(screen.getByRole('link', { name: 'Providers', current: 'page' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Hours of Dr. Ada Lee' }).getAttribute('href')).toBe(`/demo/admin/settings/appointments/providers/${PROVIDER}/hours`);
    expect(await axeViolations()).toEqual([]);

    const add = within(screen.getByRole('region', { name: 'Add a provider' }));
    fireEvent.change(add.getByLabelText('Name'), { target: { value: ' Ben Roy ' } });
    fireEvent.change(add.getByLabelText('Languages spoken'), { target: { value: 'FR' } });
    await waitFor(() => expect(add.getByRole('option', { name: 'Ada Lee' })).toBeTruthy());
    fireEvent.change(add.getByLabelText('Staff account'), { target: { value: 'u-9' } });
    fireEvent.click(add.getByRole('button', { name: 'Add provider' }));
    expect(await screen.findByText('Ben Roy added.')).toBeTruthy();
    expect(calls.find((call) => call.method === 'POST')!.json).toEqual({ name: 'Ben Roy', title: null, languages: ['fr'], staffAccountId: 'u-9', active: true });
    expect(screen.getByRole('row', { name: /Ben Roy/ })).toBeTruthy();
  });

  it("shows the server's conflict next to the staff account", async () => {
    renderAdmin('/demo/admin/settings/appointments/providers', {
      [`POST ${SETUP}/providers`]: () => problem(409, 'staff_account_taken', 'Another provider is already linked to that staff account.'),
    });
    await screen.findByRole('cell', { name: 'Family physician' });
    const add = within(screen.getByRole('region', { name: 'Add a provider' }));
    fireEvent.change(add.getByLabelText('Name'), { target: { value: 'Ben Roy' } });
    fireEvent.click(add.getByRole('button', { name: 'Add provider' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The provider was not saved. Another provider is already linked to that staff account.');
    const select = add.getByLabelText('Staff account');
    expect(select.getAttribute('aria-invalid')).toBe('true');
    expect(select.getAttribute('aria-describedby')).toContain('provider-add-staffAccountId-error');
  });

  it('asks for a name without sending anything', async () => {
    const { calls } = renderAdmin('/demo/admin/settings/appointments/providers', {});
    await screen.findByRole('cell', { name: 'Family physician' });
    const add = within(screen.getByRole('region', { name: 'Add a provider' }));
    fireEvent.change(add.getByLabelText('Languages spoken'), { target: { value: 'english' } });
    fireEvent.click(add.getByRole('button', { name: 'Add provider' }));
    expect(await add.findByText('Enter a name.')).toBeTruthy();
    expect(add.getByText('Use language codes of 2 or 3 letters, such as en or fr.')).toBeTruthy();
    expect(document.activeElement).toBe(add.getByLabelText('Name'));
    expect(calls.filter((call) => call.method === 'POST')).toEqual([]);
  });

  it('is read-only for staff, who see no reminder settings in the menu', async () => {
    renderAdmin('/demo/admin/settings/appointments/providers', {}, staffMember);
    await screen.findByRole('cell', { name: 'Family physician' });
    expect(screen.getByText("Only the clinic's owners and administrators can change the appointment set-up.")).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Add provider' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Appointment reminders' })).toBeNull();
  });
});

describe('Settings > Appointments > Appointment types', () => {
  it('shows the length in hours and minutes and sends minutes', async () => {
    const { calls } = renderAdmin('/demo/admin/settings/appointments/types', {
      [`POST ${SETUP}/types`]: (call) => json(201, { ...type, ...(call.json as object), id: 't-2' }),
    });
    expect(await screen.findByRole('cell', { name: '30 minutes' })).toBeTruthy();
    const add = within(screen.getByRole('region', { name: 'Add an appointment type' }));
    fireEvent.change(add.getByLabelText('Name in English'), { target: { value: 'Physical' } });
    fireEvent.change(add.getByLabelText('Name in French'), { target: { value: 'Examen' } });
    fireEvent.change(add.getByLabelText('Length'), { target: { value: '1.5' } });
    fireEvent.change(add.getByLabelText('Length: unit'), { target: { value: 'hours' } });
    fireEvent.click(add.getByLabelText('Virtual'));
    fireEvent.click(add.getByLabelText('Staff only'));
    fireEvent.click(add.getByLabelText('Dr. Ada Lee'));
    fireEvent.click(add.getByRole('button', { name: 'Add appointment type' }));
    expect(await screen.findByText('Physical added.')).toBeTruthy();
    expect(calls.find((call) => call.method === 'POST')!.json).toEqual({
      nameEn: 'Physical',
      nameFr: 'Examen',
      durationMinutes: 90,
      mode: 'virtual',
      bookableOnline: false,
      providerIds: [PROVIDER],
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      active: true,
    });
    expect(screen.getByRole('cell', { name: '1.5 hours' })).toBeTruthy();
    expect(await axeViolations()).toEqual([]);
  });
});

describe("A provider's hours", () => {
  const HOURS = `/demo/admin/settings/appointments/providers/${PROVIDER}/hours`;

  it('edits the usual week per day and adds a day off', async () => {
    const { calls } = renderAdmin(HOURS, {
      [`GET ${SETUP}/providers/${PROVIDER}/availability`]: () =>
        json(200, { providerId: PROVIDER, timeZone: 'America/Toronto', windows: [{ locationId: LOCATION, weekday: 1, start: '09:00:00', end: '12:00:00' }] }),
      [`PUT ${SETUP}/providers/${PROVIDER}/availability`]: (call) => json(200, { providerId: PROVIDER, timeZone: 'America/Toronto', ...(call.json as object) }),
      [`GET ${SETUP}/providers/${PROVIDER}/exceptions`]: () => json(200, { items: [] }),
      [`POST ${SETUP}/providers/${PROVIDER}/exceptions`]: (call) => json(201, { id: 'e-1', ...(call.json as object) }),
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Hours of Dr. Ada Lee' })).toBeTruthy();
    const monday = within(await screen.findByRole('group', { name: 'Monday' }));
    expect((monday.getByLabelText('From') as HTMLInputElement).value).toBe('09:00');
    expect(screen.getByText('No dated changes.')).toBeTruthy();
    expect(await axeViolations()).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Add hours on Tuesday' }));
    const tuesday = within(screen.getByRole('group', { name: 'Tuesday' }));
    fireEvent.change(tuesday.getByLabelText('From'), { target: { value: '13:00' } });
    fireEvent.change(tuesday.getByLabelText('To'), { target: { value: '16:30' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save usual week' }));
    expect(await screen.findByText('Usual week saved.')).toBeTruthy();
    expect(calls.find((call) => call.method === 'PUT')!.json).toEqual({
      windows: [
        { locationId: LOCATION, weekday: 1, start: '09:00:00', end: '12:00:00' },
        { locationId: LOCATION, weekday: 2, start: '13:00:00', end: '16:30:00' },
      ],
    });

    fireEvent.change(input('First day'), { target: { value: '2026-12-25' } });
    fireEvent.change(input('Reason (optional)'), { target: { value: 'Christmas' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add change' }));
    expect(await screen.findByText('Change added.')).toBeTruthy();
    expect(calls.find((call) => call.method === 'POST')!.json).toEqual({
      kind: 'unavailable',
      startsOn: '2026-12-25',
      endsOn: '2026-12-25',
      start: null,
      end: null,
      locationId: null,
      reason: 'Christmas',
    });
    expect(screen.getByRole('cell', { name: 'Christmas' })).toBeTruthy();
  });

  it('refuses overlapping hours before sending', async () => {
    const { calls } = renderAdmin(HOURS, {
      [`GET ${SETUP}/providers/${PROVIDER}/availability`]: () =>
        json(200, { providerId: PROVIDER, timeZone: 'America/Toronto', windows: [{ locationId: LOCATION, weekday: 1, start: '09:00:00', end: '12:00:00' }] }),
      [`GET ${SETUP}/providers/${PROVIDER}/exceptions`]: () => json(200, { items: [] }),
    });
    await screen.findByRole('group', { name: 'Monday' });
    fireEvent.click(screen.getByRole('button', { name: 'Add hours on Monday' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save usual week' }));
    expect(await screen.findByText('These hours overlap other hours on the same day.')).toBeTruthy();
    expect(calls.filter((call) => call.method === 'PUT')).toEqual([]);
  });
});

describe('Settings > Appointments > Booking rules', () => {
  it('saves the minimum notice in French and shows the server\'s field problem', async () => {
    window.localStorage.setItem(STORAGE_KEY, 'fr');
    const { calls } = renderAdmin('/demo/admin/settings/appointments/rules', {
      [`PUT ${SETUP}/rules`]: [
        () =>
          problem(400, 'validation_failed', 'One or more fields are not valid.', {
            errors: { minNoticeMinutes: ['The minimum notice must be shorter than how far ahead patients may book, or nothing could be booked.'] },
            fieldCodes: { minNoticeMinutes: ['notice_beyond_ahead'] },
          }),
        (call) => json(200, call.json),
      ],
    });
    const notice = (await screen.findByLabelText('Préavis minimal')) as HTMLInputElement;
    expect(notice.value).toBe('2');
    expect((screen.getByLabelText('Préavis minimal : unité') as HTMLSelectElement).value).toBe('hours');
    fireEvent.change(notice, { target: { value: '1' } });
    fireEvent.change(screen.getByLabelText('Préavis minimal : unité'), { target: { value: 'days' } });
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer les règles de réservation' }));
    expect((await screen.findByRole('alert')).textContent).toContain("Les règles de réservation n'ont pas été enregistrées.");
    expect(notice.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(/Le préavis minimal doit être plus court/).className).toBe('field-error');
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer les règles de réservation' }));
    expect(await screen.findByText('Règles de réservation enregistrées.')).toBeTruthy();
    expect(calls.filter((call) => call.method === 'PUT').map((call) => call.json)).toEqual([
      { ...rules, minNoticeMinutes: 1440 },
      { ...rules, minNoticeMinutes: 1440 },
    ]);
    expect(await axeViolations()).toEqual([]);
  });

  it("saves a type's own rules, empty boxes following the clinic's", async () => {
    const own = { minNoticeMinutes: null, bookAheadDays: null, changeWindowMinutes: null, maxUpcoming: null, bookingMode: null };
    const { calls } = renderAdmin('/demo/admin/settings/appointments/rules', {
      [`GET ${SETUP}/types/${TYPE}/rules`]: () => json(200, { typeId: TYPE, own, clinic: rules }),
      [`PUT ${SETUP}/types/${TYPE}/rules`]: (call) => json(200, { typeId: TYPE, own: call.json, clinic: rules }),
    });
    fireEvent.change(await screen.findByLabelText('Appointment type'), { target: { value: TYPE } });
    await waitFor(() => expect(screen.getAllByLabelText('How far ahead (days)')).toHaveLength(2));
    const ahead = screen.getAllByLabelText('How far ahead (days)')[1] as HTMLInputElement;
    expect(ahead.value).toBe('');
    fireEvent.change(ahead, { target: { value: '14' } });
    fireEvent.change(screen.getAllByLabelText('Online bookings')[1]!, { target: { value: 'request' } });
    fireEvent.click(screen.getByRole('button', { name: "Save this type's rules" }));
    expect(await screen.findByText("The type's rules were saved.")).toBeTruthy();
    expect(calls.find((call) => call.method === 'PUT')!.json).toEqual({ ...own, bookAheadDays: 14, bookingMode: 'request' });
  });
});

describe('Settings > Appointments > Reminders', () => {
  it('shows the default times in words and saves new ones in minutes', async () => {
    const { calls } = renderAdmin('/demo/admin/settings/appointments/reminders', {
      [`GET ${SETUP}/reminder-settings`]: () => json(200, { offsetsMinutes: [2880, 120], nameAppointmentType: false, isDefault: true }),
      [`PUT ${SETUP}/reminder-settings`]: (call) => json(200, { ...(call.json as object), isDefault: false }),
    });
    expect(await screen.findByText("The clinic uses Portal's default reminders, 2 days and 2 hours before each appointment, until it sets its own.")).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Remove reminder 2' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add a reminder time' }));
    fireEvent.change(input('Reminder 2'), { target: { value: '30' } });
    fireEvent.change(input('Reminder 2: unit'), { target: { value: 'minutes' } });
    fireEvent.click(input('Name the appointment type in notices and reminders'));
    fireEvent.click(screen.getByRole('button', { name: 'Save reminders' }));
    expect(await screen.findByText('Reminders saved.')).toBeTruthy();
    expect(calls.find((call) => call.method === 'PUT')!.json).toEqual({ offsetsMinutes: [2880, 30], nameAppointmentType: true });
    expect(screen.getByText('Patients are reminded 2 days and 30 minutes before each appointment.')).toBeTruthy();
    expect(await axeViolations()).toEqual([]);
  });
});
