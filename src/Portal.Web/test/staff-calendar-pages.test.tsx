import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { AdminApp } from '../src/admin/AdminApp';
import type { StaffAppointment, StaffAppointmentDetail, StaffCalendar } from '../src/admin/appointments/api';
import { adminMessages } from '../src/admin/messages';
import { STORAGE_KEY } from '../src/shared/i18n/language';
import { ANTIFORGERY, axeViolations, json, mockServer, problem, renderWithI18n, type Handler } from './helpers';
import { owner, staffSignedIn } from './fixtures';

const API = '/api/clinics/demo';
const A = `${API}/appointments`;
const HADDAD = '0190f5a2-5555-7000-8000-000000000001';
const OKAFOR = '0190f5a2-5555-7000-8000-000000000002';
const FOLLOW_UP = '0190f5a2-6666-7000-8000-000000000001';
const OFFICE = '0190f5a2-7777-7000-8000-000000000001';
const BOOKED = '0190f5a2-8888-7000-8000-000000000001';
const REQUESTED = '0190f5a2-8888-7000-8000-000000000002';

function appointment(overrides: Partial<StaffAppointment> = {}): StaffAppointment {
  return {
    id: BOOKED,
    patient: { id: '0190f5a2-9999-7000-8000-000000000001', displayName: 'Camille Tremblay' },
    type: { id: FOLLOW_UP, nameEn: 'Follow-up visit', nameFr: 'Visite de suivi', mode: 'in_person' },
    provider: { id: HADDAD, name: 'Dr. Amira Haddad', title: 'MD' },
    location: { id: OFFICE, name: 'Main office' },
    startsAt: '2026-11-01T09:00:00-05:00',
    endsAt: '2026-11-01T09:15:00-05:00',
    status: 'booked',
    bookedBy: 'patient',
    nextStatuses: ['confirmed', 'arrived', 'cancelled', 'no_show'],
    ...overrides,
  };
}

const request = appointment({
  id: REQUESTED,
  patient: { id: '0190f5a2-9999-7000-8000-000000000002', displayName: 'Louis Gagnon' },
  provider: { id: OKAFOR, name: 'Sam Okafor', title: 'NP' },
  startsAt: '2026-11-01T13:30:00-05:00',
  endsAt: '2026-11-01T13:45:00-05:00',
  status: 'requested',
  nextStatuses: ['booked', 'declined', 'cancelled'],
});

/** The Sunday the clocks go back in Toronto, with Dr. Haddad working the morning and Sam Okafor the afternoon. */
function calendar(): StaffCalendar {
  return {
    timeZone: 'America/Toronto',
    from: '2026-11-01',
    to: '2026-11-01',
    providers: [
      {
        id: HADDAD,
        name: 'Dr. Amira Haddad',
        title: 'MD',
        active: true,
        hours: [{ locationId: OFFICE, startsAt: '2026-11-01T09:00:00-05:00', endsAt: '2026-11-01T12:00:00-05:00' }],
        away: [],
      },
      {
        id: OKAFOR,
        name: 'Sam Okafor',
        title: 'NP',
        active: true,
        hours: [{ locationId: OFFICE, startsAt: '2026-11-01T13:00:00-05:00', endsAt: '2026-11-01T16:00:00-05:00' }],
        away: [],
      },
    ],
    appointments: [appointment(), request],
  };
}

function detail(view: StaffAppointment): StaffAppointmentDetail {
  return {
    appointment: view,
    patientNote: 'Knee pain',
    staffNote: null,
    cancelledBy: null,
    cancelReason: null,
    sequence: 0,
    createdAt: '2026-10-20T14:00:00Z',
    bookedByLabel: 'Camille Tremblay',
    history: [{ at: '2026-10-20T14:00:00Z', action: 'appointments.appointment.booked', actorKind: 'patient', actorLabel: 'Camille Tremblay', status: 'booked' }],
  };
}

const PROVIDERS = {
  items: [
    { id: HADDAD, name: 'Dr. Amira Haddad', title: 'MD', languages: ['en', 'fr'], staffAccountId: null, active: true },
    { id: OKAFOR, name: 'Sam Okafor', title: 'NP', languages: ['en'], staffAccountId: null, active: true },
  ],
};

function renderAdmin(path: string, routes: Record<string, Handler | Handler[]>) {
  window.history.replaceState(null, '', path);
  const server = mockServer({
    'GET /api/antiforgery': () => json(200, ANTIFORGERY),
    [`GET ${API}/staff/session`]: () => json(200, staffSignedIn(owner)),
    [`GET ${API}/portal`]: () => json(200, { slug: 'demo', clinicName: 'Demo Family Clinic', defaultLanguage: 'en', timeZone: 'America/Toronto' }),
    [`GET ${A}/providers`]: () => json(200, PROVIDERS),
    // The appointment's pre-visit questionnaires (none here; the questionnaire tests show them).
    ...Object.fromEntries(
      [BOOKED, REQUESTED].map((id) => [`GET ${API}/questionnaires/appointments/${id}?language=en`, () => json(200, { appointmentId: id, patientId: id, items: [] })]),
    ),
    ...routes,
  });
  renderWithI18n(<AdminApp />, adminMessages);
  return server;
}

describe('the staff calendar', { timeout: 30_000 }, () => {
  it("shows a clinic day as a table: a column per provider, half-hour rows, working hours, and each appointment at its time", async () => {
    renderAdmin('/demo/admin/appointments?view=day&date=2026-11-01', {
      [`GET ${A}/calendar?from=2026-11-01&to=2026-11-01`]: () => json(200, calendar()),
    });
    const table = await screen.findByRole('table', { name: 'Sunday, November 1, All providers' });
    expect(within(table).getAllByRole('columnheader').map((cell) => cell.textContent)).toEqual(['Time', 'Dr. Amira Haddad, MD', 'Sam Okafor, NP']);
    const nine = within(table).getByRole('rowheader', { name: '9:00 a.m.' }).closest('tr')!;
    const [haddad, okafor] = within(nine).getAllByRole('cell');
    expect(within(haddad!).getByRole('link').getAttribute('href')).toBe(`/demo/admin/appointments/${BOOKED}`);
    expect(haddad!.textContent).toContain('Camille Tremblay');
    expect(haddad!.textContent).toContain('Follow-up visit');
    expect(haddad!.textContent).toContain('Booked');
    expect(haddad!.className).toBe('calendar-open');
    expect(okafor!.className).toBe('calendar-closed');
    const halfPastOne = within(table).getByRole('rowheader', { name: '1:30 p.m.' }).closest('tr')!;
    expect(within(halfPastOne).getAllByRole('cell')[1]!.textContent).toContain('Requested');
    const requests = screen.getByRole('region', { name: 'Requests waiting for approval' });
    expect(within(requests).getByRole('link').getAttribute('href')).toBe(`/demo/admin/appointments/${REQUESTED}`);
    expect(screen.getByRole('status').textContent).toContain('2 appointments. 1 request waits for approval.');
    expect(screen.getByRole('link', { name: 'Previous day' }).getAttribute('href')).toBe('/demo/admin/appointments?view=day&date=2026-10-31');
    expect(screen.getByRole('link', { name: 'Next day' }).getAttribute('href')).toBe('/demo/admin/appointments?view=day&date=2026-11-02');
    expect(await axeViolations()).toEqual([]);
  });

  it('asks for the week of the chosen day and one provider, in French', async () => {
    window.localStorage.setItem(STORAGE_KEY, 'fr');
    const server = renderAdmin(`/demo/admin/appointments?date=2026-11-01&provider=${HADDAD}`, {
      [`GET ${A}/calendar?from=2026-10-26&to=2026-11-01&providerId=${HADDAD}`]: () =>
        json(200, { ...calendar(), from: '2026-10-26', providers: [calendar().providers[0]!], appointments: [appointment()] }),
    });
    const table = await screen.findByRole('table', { name: /^Semaine du 26 octobre 2026 au 1(er)? novembre 2026, Dr. Amira Haddad, MD$/ });
    expect(within(table).getAllByRole('columnheader')).toHaveLength(8);
    expect(within(table).getByRole('link').textContent).toContain('Visite de suivi');
    expect(within(table).getByRole('link').textContent).toContain('Réservé');
    expect(server.calls.some((call) => call.url.startsWith(`${A}/calendar?from=2026-10-26&to=2026-11-01`))).toBe(true);
    expect(await axeViolations()).toEqual([]);
  });
});

describe('an appointment for staff', { timeout: 30_000 }, () => {
  it('approves a request and says so', async () => {
    const server = renderAdmin(`/demo/admin/appointments/${REQUESTED}`, {
      [`GET ${A}/${REQUESTED}`]: [() => json(200, detail(request)), () => json(200, detail({ ...request, status: 'booked', nextStatuses: ['arrived'] }))],
      [`POST ${A}/${REQUESTED}/approve`]: () => json(200, { ...request, status: 'booked' }),
    });
    await screen.findByRole('heading', { name: 'Follow-up visit – Louis Gagnon', level: 1 });
    expect(screen.getByText('Knee pain')).toBeTruthy();
    // The clinic's time, named: the browser (in UTC here) reads its clock otherwise.
    expect(screen.getByText('Sunday, November 1, 2026 at 1:30 p.m. EST')).toBeTruthy();
    expect(await axeViolations()).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Approve request' }));
    await screen.findByText('Request approved: the appointment is booked.');
    expect(server.calls.filter((call) => call.method === 'POST').map((call) => call.url)).toEqual([`${A}/${REQUESTED}/approve`]);
    await screen.findByRole('button', { name: 'Mark arrived' });
  });

  it('declines a request with a reason, in French', async () => {
    window.localStorage.setItem(STORAGE_KEY, 'fr');
    const server = renderAdmin(`/demo/admin/appointments/${REQUESTED}`, {
      [`GET ${A}/${REQUESTED}`]: [() => json(200, detail(request)), () => json(200, detail({ ...request, status: 'declined', nextStatuses: [] }))],
      [`POST ${A}/${REQUESTED}/decline`]: () => json(200, { ...request, status: 'declined', nextStatuses: [] }),
    });
    await screen.findByRole('heading', { name: 'Visite de suivi – Louis Gagnon', level: 1 });
    fireEvent.click(screen.getByRole('button', { name: 'Refuser la demande' }));
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Refuser cette demande?'));
    fireEvent.change(screen.getByRole('textbox', { name: 'Raison (facultatif)' }), { target: { value: 'Pas de disponibilité' } });
    expect(await axeViolations()).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Oui, refuser la demande' }));
    await screen.findByText('Demande refusée.');
    expect(server.calls.find((call) => call.method === 'POST')?.json).toEqual({ reason: 'Pas de disponibilité' });
    await screen.findByText('Plus rien ne peut être fait avec ce rendez-vous.');
  });

  it('moves to a free time, and shows "that time was just taken" when another booking won it', async () => {
    const server = renderAdmin(`/demo/admin/appointments/${BOOKED}`, {
      [`GET ${A}/${BOOKED}`]: () => json(200, detail(appointment())),
      [`GET ${A}/types`]: () =>
        json(200, {
          items: [
            {
              id: FOLLOW_UP, nameEn: 'Follow-up visit', nameFr: 'Visite de suivi', durationMinutes: 15, mode: 'in_person', bookableOnline: true,
              bufferBeforeMinutes: 0, bufferAfterMinutes: 0, providerIds: [HADDAD, OKAFOR], active: true,
            },
          ],
        }),
      [`GET ${A}/locations`]: () => json(200, { items: [{ id: OFFICE, name: 'Main office', address: null, active: true }] }),
      [`GET ${A}/slots?typeId=${FOLLOW_UP}&providerId=${HADDAD}&from=2026-11-01&to=2026-11-01`]: () =>
        json(200, {
          timeZone: 'America/Toronto',
          items: [{ providerId: HADDAD, locationId: OFFICE, startsAt: '2026-11-01T11:45:00-05:00', endsAt: '2026-11-01T12:00:00-05:00' }],
        }),
      [`POST ${A}/${BOOKED}/move`]: () => problem(409, 'slot_taken', 'Sorry, that time was just taken. Please choose another time.'),
    });
    await screen.findByRole('heading', { name: 'Follow-up visit – Camille Tremblay', level: 1 });
    fireEvent.click(screen.getByRole('button', { name: 'Move appointment' }));
    const time = await screen.findByRole('radio', { name: '11:45 a.m.' });
    expect(await axeViolations()).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Move to this time' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Choose one of the free times.');
    fireEvent.click(time);
    fireEvent.click(screen.getByRole('button', { name: 'Move to this time' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Sorry, that time was just taken. Choose another time.'));
    const move = server.calls.find((call) => call.method === 'POST');
    expect(move?.json).toEqual({ startsAt: '2026-11-01T11:45:00-05:00', anyTime: false, locationId: null, providerId: HADDAD });
  });

  it('cancels only with a reason', async () => {
    const server = renderAdmin(`/demo/admin/appointments/${BOOKED}`, {
      [`GET ${A}/${BOOKED}`]: () => json(200, detail(appointment())),
      [`POST ${A}/${BOOKED}/cancel`]: () => json(200, appointment({ status: 'cancelled', nextStatuses: [] })),
    });
    await screen.findByRole('heading', { name: 'Follow-up visit – Camille Tremblay', level: 1 });
    fireEvent.click(screen.getByRole('button', { name: 'Cancel appointment' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Yes, cancel appointment' }));
    expect(await screen.findByText('Give the reason for cancelling.')).toBeTruthy();
    expect(server.calls.some((call) => call.method === 'POST')).toBe(false);
    fireEvent.change(screen.getByRole('textbox', { name: 'Reason' }), { target: { value: '  Provider ill  ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Yes, cancel appointment' }));
    await screen.findByText('Appointment cancelled.');
    expect(server.calls.find((call) => call.method === 'POST')?.json).toEqual({ reason: 'Provider ill' });
  });
});
