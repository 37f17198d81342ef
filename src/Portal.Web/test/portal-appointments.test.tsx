import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BookableTypeList, FreeSlotList, MyAppointment } from '../src/portal/appointments/api';
import { patientProfile, patientSignedIn } from './fixtures';
import { axeViolations, json, problem, type Handler } from './helpers';
import { API, ME, inFrench, renderPortal } from './portal-helpers';

const VISIT = '0193a1b2-0000-7000-8000-00000000a001';
const VIDEO = '0193a1b2-0000-7000-8000-00000000a002';
const HADDAD = '0193a1b2-0000-7000-8000-00000000b001';
const CARTER = '0193a1b2-0000-7000-8000-00000000b002';
const OFFICE = '0193a1b2-0000-7000-8000-00000000c001';
const SOON = '0193a1b2-0000-7000-8000-00000000d001';
const EARLIER = '0193a1b2-0000-7000-8000-00000000d002';
const BOOKED = '0193a1b2-0000-7000-8000-00000000d003';

const UPCOMING = `GET ${API}/appointments?when=upcoming`;
const PAST = `GET ${API}/appointments?when=past`;
const OPEN_SOON = `GET ${API}/appointments/${SOON}`;
const CANCEL_SOON = `POST ${API}/appointments/${SOON}/cancel`;
const MOVE_SOON = `POST ${API}/appointments/${SOON}/reschedule`;
const TYPES = `GET ${API}/appointments/types`;
const BOOK = `POST ${API}/appointments`;
const slotsUrl = (from: string, to: string, provider?: string) =>
  `GET ${API}/appointments/slots?typeId=${VISIT}${provider ? `&providerId=${provider}` : ''}&from=${from}&to=${to}`;
const WEEK_ONE = slotsUrl('2026-12-06', '2026-12-12');
const WEEK_TWO = slotsUrl('2026-12-13', '2026-12-19');
const HADDAD_WEEK_ONE = slotsUrl('2026-12-06', '2026-12-12', HADDAD);

function appointment(overrides: Partial<MyAppointment> = {}): MyAppointment {
  return {
    id: SOON,
    type: { id: VISIT, nameEn: 'Follow-up visit', nameFr: 'Visite de suivi', mode: 'in_person' },
    provider: { id: HADDAD, name: 'Dr. Amira Haddad', title: 'MD' },
    location: { id: OFFICE, name: 'Main office', address: '1 King St W' },
    startsAt: '2026-12-07T09:00:00-05:00',
    endsAt: '2026-12-07T09:30:00-05:00',
    timeZone: 'America/Toronto',
    status: 'booked',
    canChange: true,
    canCancel: true,
    changeableUntil: '2026-12-07T07:00:00-05:00',
    wantsEarlierSlot: false,
    earlierSlotOffer: null,
    ...overrides,
  };
}

const earlier = () =>
  appointment({
    id: EARLIER,
    type: { id: VIDEO, nameEn: 'Video call', nameFr: 'Appel vidéo', mode: 'virtual' },
    provider: { id: CARTER, name: 'Dr. Ben Carter', title: null },
    location: null,
    startsAt: '2026-11-02T14:30:00-05:00',
    endsAt: '2026-11-02T14:50:00-05:00',
    status: 'completed',
    canChange: false,
    canCancel: false,
    changeableUntil: '2026-11-02T12:30:00-05:00',
  });

function types(): BookableTypeList {
  return {
    timeZone: 'America/Toronto',
    items: [
      {
        id: VISIT,
        nameEn: 'Follow-up visit',
        nameFr: 'Visite de suivi',
        durationMinutes: 30,
        mode: 'in_person',
        providers: [
          { id: HADDAD, name: 'Dr. Amira Haddad', title: 'MD', languages: ['en', 'fr'] },
          { id: CARTER, name: 'Dr. Ben Carter', title: null, languages: ['en'] },
        ],
        locations: [{ id: OFFICE, name: 'Main office', address: '1 King St W' }],
      },
      {
        id: VIDEO,
        nameEn: 'Video call',
        nameFr: 'Appel vidéo',
        durationMinutes: 20,
        mode: 'virtual',
        providers: [{ id: CARTER, name: 'Dr. Ben Carter', title: null, languages: ['en'] }],
        locations: [],
      },
    ],
  };
}

const slot = (provider: string, startsAt: string, endsAt: string) => ({ providerId: provider, locationId: OFFICE, startsAt, endsAt });

function weekOne(): FreeSlotList {
  return {
    timeZone: 'America/Toronto',
    items: [
      slot(HADDAD, '2026-12-07T09:00:00-05:00', '2026-12-07T09:30:00-05:00'),
      slot(CARTER, '2026-12-07T09:00:00-05:00', '2026-12-07T09:30:00-05:00'),
      slot(HADDAD, '2026-12-07T09:30:00-05:00', '2026-12-07T10:00:00-05:00'),
      slot(CARTER, '2026-12-08T10:00:00-05:00', '2026-12-08T10:30:00-05:00'),
    ],
  };
}

function renderSignedIn(path: string, routes: Record<string, Handler | Handler[]> = {}) {
  return renderPortal(path, {
    [ME]: () => json(200, patientSignedIn(patientProfile())),
    [UPCOMING]: () => json(200, { items: [appointment()] }),
    [PAST]: () => json(200, { items: [earlier()] }),
    [OPEN_SOON]: () => json(200, appointment()),
    [TYPES]: () => json(200, types()),
    [WEEK_ONE]: () => json(200, weekOne()),
    [WEEK_TWO]: () => json(200, { timeZone: 'America/Toronto', items: [] }),
    [HADDAD_WEEK_ONE]: () => json(200, { ...weekOne(), items: weekOne().items.filter((s) => s.providerId === HADDAD) }),
    ...noPreVisitTasks(SOON),
    ...noPreVisitTasks(EARLIER),
    ...routes,
  });
}

/** The appointment asks for no questionnaire, in either language. */
const noPreVisitTasks = (id: string) =>
  Object.fromEntries(
    (['en', 'fr'] as const).map((language) => [
      `GET ${API}/questionnaires/appointments/${id}?language=${language}`,
      () => json(200, { appointmentId: id, items: [] }),
    ]),
  );

const details = (root: ParentNode = document) =>
  Object.fromEntries([...root.querySelectorAll('.portal-detail')].map((row) => [row.querySelector('dt')!.textContent, row.querySelector('dd')!.textContent]));

const button = (name: string | RegExp) => screen.getByRole('button', { name });

// Sunday, December 6, 2026, 10:00 in Toronto: the clinic's week starts today.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-12-06T15:00:00Z'));
});

afterEach(() => {
  vi.useRealTimers();
});

describe('the Appointments page', { timeout: 30_000 }, () => {
  it('offers + New Appointment and lists the upcoming then the past appointments, in the clinic’s time zone', async () => {
    renderSignedIn('/demo/appointments');
    const upcoming = await screen.findByRole('region', { name: 'Upcoming' });
    const past = screen.getByRole('region', { name: 'Past' });
    expect(upcoming.compareDocumentPosition(past) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(screen.getByRole('link', { name: '+ New Appointment' }).getAttribute('href')).toBe('/demo/appointments/new');
    const soon = await within(upcoming).findByRole('link', { name: 'Follow-up visit' });
    expect(soon.getAttribute('href')).toBe(`/demo/appointments/${SOON}`);
    expect(upcoming.textContent).toContain('Monday, December 7, 2026 at 9:00 a.m. EST');
    expect(upcoming.textContent).toContain('With Dr. Amira Haddad, MD · Main office · Booked');
    await within(past).findByRole('link', { name: 'Video call' });
    expect(past.textContent).toContain('With Dr. Ben Carter · Virtual · Completed');
    expect(past.querySelector('time')!.getAttribute('dateTime')).toBe('2026-11-02T14:30:00-05:00');
    await waitFor(() => expect(document.title).toBe('Appointments – Demo Family Clinic'));
    expect(await axeViolations()).toEqual([]);
  });

  it('says when there are none', async () => {
    renderSignedIn('/demo/appointments', {
      [UPCOMING]: () => json(200, { items: [] }),
      [PAST]: () => json(200, { items: [] }),
    });
    expect(await screen.findByText('You have no upcoming appointments.')).toBeTruthy();
    expect(await screen.findByText('You have no past appointments.')).toBeTruthy();
  });

  it('speaks French and passes axe', async () => {
    inFrench();
    renderSignedIn('/demo/appointments');
    const upcoming = await screen.findByRole('region', { name: 'À venir' });
    expect(screen.getByRole('region', { name: 'Passés' })).toBeTruthy();
    expect(await within(upcoming).findByRole('link', { name: 'Visite de suivi' })).toBeTruthy();
    expect(upcoming.textContent).toContain('lundi 7 décembre 2026');
    expect(upcoming.textContent).toContain('HNE');
    expect(upcoming.textContent).toContain('Avec Dr. Amira Haddad, MD · Main office · Réservé');
    expect(screen.getByRole('link', { name: '+ Nouveau rendez-vous' })).toBeTruthy();
    expect(await within(screen.getByRole('region', { name: 'Passés' })).findByText(/Virtuel · Terminé/)).toBeTruthy();
    await waitFor(() => expect(document.title).toBe('Rendez-vous – Demo Family Clinic'));
    expect(await axeViolations()).toEqual([]);
  });
});

describe('an appointment', { timeout: 30_000 }, () => {
  it('shows its type, provider, place, time with the zone, status and the pre-visit tasks, and goes back to Appointments', async () => {
    renderSignedIn(`/demo/appointments/${SOON}`);
    expect(await screen.findByRole('heading', { level: 2, name: 'Follow-up visit' })).toBeTruthy();
    expect(details()).toEqual({
      Appointment: 'Follow-up visit',
      Provider: 'Dr. Amira Haddad, MD',
      Where: 'Main office1 King St W',
      When: 'Monday, December 7, 2026 at 9:00 a.m. EST',
      Length: '30 minutes',
      Status: 'Booked',
    });
    const tasks = screen.getByRole('region', { name: 'Pre-visit tasks' });
    await waitFor(() => expect(tasks.textContent).toContain('There are no pre-visit tasks for this appointment yet.'));
    expect(screen.getByRole('link', { name: 'Back to Appointments' }).getAttribute('href')).toBe('/demo/appointments');
    expect(button('Cancel appointment')).toBeTruthy();
    const calendar = screen.getByRole('link', { name: 'Add to calendar' });
    expect(calendar.getAttribute('href')).toBe(`/api/clinics/demo/portal/appointments/${SOON}/calendar.ics`);
    expect(calendar.hasAttribute('download')).toBe(true);
    await waitFor(() => expect(document.title).toBe('Follow-up visit – Demo Family Clinic'));
    expect(await axeViolations()).toEqual([]);
  });

  it('says Virtual for a virtual appointment and offers no cancellation once it is over', async () => {
    renderSignedIn(`/demo/appointments/${EARLIER}`, { [`GET ${API}/appointments/${EARLIER}`]: () => json(200, earlier()) });
    expect(await screen.findByRole('heading', { level: 2, name: 'Video call' })).toBeTruthy();
    expect(details()['Where']).toBe('VirtualThe clinic will tell you how to join.');
    expect(details()['Status']).toBe('Completed');
    expect(screen.queryByRole('button', { name: 'Cancel appointment' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Change appointment time' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Add to calendar' })).toBeNull();
    expect(screen.queryByText(/closed on/)).toBeNull();
  });

  it('offers Add to calendar only for a booked or confirmed appointment still to come', async () => {
    const { unmount } = renderSignedIn(`/demo/appointments/${SOON}`, { [OPEN_SOON]: () => json(200, appointment({ status: 'requested' })) });
    expect(await screen.findByRole('button', { name: 'Cancel appointment' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Add to calendar' })).toBeNull();
    unmount();

    renderSignedIn(`/demo/appointments/${SOON}`, { [OPEN_SOON]: () => json(200, appointment({ status: 'confirmed' })) });
    expect(await screen.findByRole('link', { name: 'Add to calendar' })).toBeTruthy();
  });

  it('offers Change appointment time only while the server allows it, and leads to it', async () => {
    const { unmount } = renderSignedIn(`/demo/appointments/${SOON}`, { [OPEN_SOON]: () => json(200, appointment({ canChange: false })) });
    expect(await screen.findByRole('button', { name: 'Cancel appointment' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Change appointment time' })).toBeNull();
    expect(screen.queryByText(/closed on/)).toBeNull();
    unmount();

    renderSignedIn(`/demo/appointments/${SOON}`);
    const change = await screen.findByRole('link', { name: 'Change appointment time' });
    expect(change.getAttribute('href')).toBe(`/demo/appointments/${SOON}/change`);
    expect(screen.queryByText(/closed on/)).toBeNull();
    expect(await axeViolations()).toEqual([]);
    fireEvent.click(change);
    expect(await screen.findByRole('heading', { level: 2, name: 'Change appointment time' })).toBeTruthy();
    expect(await screen.findByRole('heading', { level: 3, name: 'Which day?' })).toBeTruthy();
  });

  it('offers no cancellation when the server says it may not be cancelled, though it is still to come', async () => {
    renderSignedIn(`/demo/appointments/${SOON}`, { [OPEN_SOON]: () => json(200, appointment({ canCancel: false })) });
    expect(await screen.findByRole('link', { name: 'Change appointment time' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Cancel appointment' })).toBeNull();
  });

  it('says when changing and cancelling online closed, and offers neither, in English and French', async () => {
    const closed = () => json(200, appointment({ canChange: false, canCancel: false }));
    const { unmount } = renderSignedIn(`/demo/appointments/${SOON}`, { [OPEN_SOON]: closed });
    expect(
      await screen.findByText('Changes and cancellations online closed on Monday, December 7, 2026 at 7:00 a.m. EST; please call the clinic.'),
    ).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Change appointment time' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Cancel appointment' })).toBeNull();
    expect(await axeViolations()).toEqual([]);
    unmount();

    inFrench();
    renderSignedIn(`/demo/appointments/${SOON}`, { [OPEN_SOON]: closed });
    expect(
      await screen.findByText(
        'Les changements et les annulations en ligne ont pris fin le lundi 7 décembre 2026 à 07 h 00 HNE; veuillez appeler la clinique.',
      ),
    ).toBeTruthy();
    expect(screen.queryByRole('link', { name: "Changer l'heure du rendez-vous" })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Annuler le rendez-vous' })).toBeNull();
    expect(await axeViolations()).toEqual([]);
  });

  it('says so when the appointment is not the patient’s or does not exist', async () => {
    renderSignedIn(`/demo/appointments/${SOON}`, {
      [OPEN_SOON]: () => problem(404, 'appointment_not_found', 'The appointment was not found.'),
    });
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', 'This appointment was not found.');
    expect(screen.getByRole('heading', { level: 2, name: 'Appointment' })).toBeTruthy();
  });

  it('cancels after asking once more, with the optional reason, and shows it cancelled', async () => {
    const { calls } = renderSignedIn(`/demo/appointments/${SOON}`, {
      [CANCEL_SOON]: () => json(200, appointment({ status: 'cancelled', canChange: false, canCancel: false })),
    });
    await screen.findByRole('heading', { level: 2, name: 'Follow-up visit' });
    fireEvent.click(button('Cancel appointment'));

    const question = await screen.findByRole('heading', { level: 3, name: 'Cancel this appointment?' });
    await waitFor(() => expect(document.activeElement).toBe(question));
    expect(calls.filter((call) => call.method === 'POST')).toEqual([]);
    expect(await axeViolations()).toEqual([]);
    fireEvent.change(screen.getByRole('textbox', { name: 'Reason (optional)' }), { target: { value: ' Feeling better ' } });
    fireEvent.click(button('Yes, cancel appointment'));

    expect(await screen.findByText('Your appointment was cancelled.')).toBeTruthy();
    expect(details()['Status']).toBe('Cancelled');
    expect(screen.queryByRole('button', { name: 'Cancel appointment' })).toBeNull();
    expect(calls.find((call) => call.method === 'POST' && call.url === `${API}/appointments/${SOON}/cancel`)!.json).toEqual({ reason: 'Feeling better' });
  });

  it('keeps the appointment when asked to, and sends no reason when none is given', async () => {
    const { calls } = renderSignedIn(`/demo/appointments/${SOON}`, {
      [CANCEL_SOON]: () => json(200, appointment({ status: 'cancelled', canChange: false, canCancel: false })),
    });
    await screen.findByRole('heading', { level: 2, name: 'Follow-up visit' });
    fireEvent.click(button('Cancel appointment'));
    fireEvent.click(await screen.findByRole('button', { name: 'Keep appointment' }));
    await waitFor(() => expect(document.activeElement).toBe(button('Cancel appointment')));
    expect(calls.filter((call) => call.method === 'POST')).toEqual([]);

    fireEvent.click(button('Cancel appointment'));
    fireEvent.click(await screen.findByRole('button', { name: 'Yes, cancel appointment' }));
    await screen.findByText('Your appointment was cancelled.');
    expect(calls.find((call) => call.method === 'POST' && call.url === `${API}/appointments/${SOON}/cancel`)!.json).toEqual({});
  });

  it('shows why the clinic refused the cancellation, in its own words when the page has none', async () => {
    renderSignedIn(`/demo/appointments/${SOON}`, {
      [CANCEL_SOON]: [
        () => problem(409, 'cancel_window_passed', 'Cancellations close 24 hours before; please call the clinic.'),
        () => problem(409, 'cannot_cancel', 'This appointment cannot be cancelled.'),
      ],
    });
    await screen.findByRole('heading', { level: 2, name: 'Follow-up visit' });
    fireEvent.click(button('Cancel appointment'));
    fireEvent.click(await screen.findByRole('button', { name: 'Yes, cancel appointment' }));
    await waitFor(() =>
      expect(screen.getAllByRole('alert').map((alert) => alert.textContent).join()).toContain(
        'Cancellations close 24 hours before; please call the clinic.',
      ),
    );
    fireEvent.click(button('Yes, cancel appointment'));
    await waitFor(() =>
      expect(screen.getAllByRole('alert').map((alert) => alert.textContent).join()).toContain(
        'This appointment can no longer be cancelled online. Please call the clinic.',
      ),
    );
  });

  it('says in the patient’s words when the change window passed meanwhile, then shows the appointment as it is now', async () => {
    renderSignedIn(`/demo/appointments/${SOON}`, {
      [OPEN_SOON]: [() => json(200, appointment()), () => json(200, appointment({ canChange: false, canCancel: false }))],
      [CANCEL_SOON]: () =>
        problem(409, 'change_window_passed', 'Appointments can be changed or cancelled online until 2 hours before they start. Please call the clinic.'),
    });
    await screen.findByRole('heading', { level: 2, name: 'Follow-up visit' });
    fireEvent.click(button('Cancel appointment'));
    fireEvent.click(await screen.findByRole('button', { name: 'Yes, cancel appointment' }));
    expect(await screen.findByText(/^Changes and cancellations online closed on/)).toBeTruthy();
    expect(screen.getAllByRole('alert').map((alert) => alert.textContent).join()).toContain(
      'Changes and cancellations online have closed for this appointment. Please call the clinic.',
    );
    expect(screen.queryByRole('button', { name: /cancel appointment/i })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Change appointment time' })).toBeNull();
    expect(details()['Status']).toBe('Booked');
    expect(await axeViolations()).toEqual([]);
  });

  it('speaks French and passes axe, the question included', async () => {
    inFrench();
    renderSignedIn(`/demo/appointments/${SOON}`);
    expect(await screen.findByRole('heading', { level: 2, name: 'Visite de suivi' })).toBeTruthy();
    const facts = details();
    expect(facts['Professionnel']).toBe('Dr. Amira Haddad, MD');
    expect(facts['Date et heure']).toContain('lundi 7 décembre 2026');
    expect(facts['Date et heure']).toContain('HNE');
    expect(facts['Statut']).toBe('Réservé');
    expect(screen.getByRole('region', { name: 'Tâches avant la visite' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Retour aux rendez-vous' })).toBeTruthy();
    expect(screen.getByRole('link', { name: "Changer l'heure du rendez-vous" }).getAttribute('href')).toBe(`/demo/appointments/${SOON}/change`);
    expect(screen.getByRole('link', { name: 'Ajouter au calendrier' })).toBeTruthy();
    expect(await axeViolations()).toEqual([]);
    fireEvent.click(button('Annuler le rendez-vous'));
    expect(await screen.findByRole('heading', { level: 3, name: 'Annuler ce rendez-vous?' })).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Raison (facultatif)' })).toBeTruthy();
    expect(await axeViolations()).toEqual([]);
  });
});

/** Steps through type, any provider and Monday 9:00 a.m. with Dr. Haddad to the last look. */
async function chooseMondayNine() {
  fireEvent.click(await screen.findByRole('button', { name: /^Follow-up visit/ }));
  fireEvent.click(await screen.findByRole('button', { name: /^Any provider/ }));
  fireEvent.click(await screen.findByRole('button', { name: 'Monday, December 7 3 times free' }));
  fireEvent.click(await screen.findByRole('button', { name: '9:00 a.m., with Dr. Amira Haddad, MD' }));
  await screen.findByRole('heading', { level: 3, name: 'Check and book' });
}

describe('+ New Appointment', { timeout: 60_000 }, () => {
  it('goes type, provider, day a week at a time, time, then books with the note and shows it booked', async () => {
    const { calls } = renderSignedIn('/demo/appointments/new', {
      [BOOK]: () => json(201, appointment({ id: BOOKED })),
    });
    expect(await screen.findByRole('heading', { level: 2, name: 'New appointment' })).toBeTruthy();
    expect(screen.getByText('Step 1 of 5')).toBeTruthy();
    expect(await screen.findByRole('button', { name: 'Follow-up visit 30 minutes · In person' })).toBeTruthy();
    expect(button('Video call 20 minutes · Virtual')).toBeTruthy();
    expect(await axeViolations()).toEqual([]);
    fireEvent.click(button(/^Follow-up visit/));

    const who = await screen.findByRole('heading', { level: 3, name: 'Who would you like to see?' });
    await waitFor(() => expect(document.activeElement).toBe(who));
    expect(screen.getAllByRole('button').filter((b) => b.classList.contains('portal-choice')).map((b) => b.textContent)).toEqual([
      'Any provider The first free time with any of them.',
      'Dr. Amira Haddad, MD Speaks English and French',
      'Dr. Ben Carter Speaks English',
    ]);
    expect(await axeViolations()).toEqual([]);
    fireEvent.click(button(/^Any provider/));

    await screen.findByRole('heading', { level: 3, name: 'Which day?' });
    expect(screen.getByText('Week of December 6, 2026')).toBeTruthy();
    expect(screen.getByText(/Times are in the clinic’s time zone: .*America\/Toronto/)).toBeTruthy();
    expect(await screen.findByRole('button', { name: 'Monday, December 7 3 times free' })).toBeTruthy();
    expect(button('Tuesday, December 8 1 time free')).toBeTruthy();
    expect(screen.getByText('Sunday, December 6').parentElement!.textContent).toBe('Sunday, December 6 No times free');
    expect((button('Previous week') as HTMLButtonElement).disabled).toBe(true);
    expect(await axeViolations()).toEqual([]);

    fireEvent.click(button('Next week'));
    expect(await screen.findByText('No times are free this week. Try the next week.')).toBeTruthy();
    expect(screen.getByText('Week of December 13, 2026')).toBeTruthy();
    fireEvent.click(button('Previous week'));
    fireEvent.click(await screen.findByRole('button', { name: 'Monday, December 7 3 times free' }));

    await screen.findByRole('heading', { level: 3, name: 'Which time on Monday, December 7?' });
    expect(screen.getAllByRole('button').filter((b) => b.classList.contains('portal-choice')).map((b) => b.textContent)).toEqual([
      '9:00 a.m., with Dr. Amira Haddad, MD',
      '9:00 a.m., with Dr. Ben Carter',
      '9:30 a.m., with Dr. Amira Haddad, MD',
    ]);
    expect(await axeViolations()).toEqual([]);
    fireEvent.click(button('9:00 a.m., with Dr. Amira Haddad, MD'));

    await screen.findByRole('heading', { level: 3, name: 'Check and book' });
    expect(details()).toEqual({
      Appointment: 'Follow-up visit',
      Provider: 'Dr. Amira Haddad, MD',
      Where: 'Main office1 King St W',
      When: 'Monday, December 7, 2026 at 9:00 a.m. EST',
      Length: '30 minutes',
    });
    expect(await axeViolations()).toEqual([]);
    fireEvent.change(screen.getByRole('textbox', { name: 'Note for the provider (optional)' }), { target: { value: ' Knee pain ' } });
    fireEvent.click(button('Book appointment'));

    const done = await screen.findByRole('heading', { level: 3, name: 'Your appointment is booked' });
    await waitFor(() => expect(document.activeElement).toBe(done));
    expect(details()['Status']).toBe('Booked');
    expect(screen.getByRole('link', { name: 'View appointment details' }).getAttribute('href')).toBe(`/demo/appointments/${BOOKED}`);
    expect(screen.getByRole('link', { name: 'Go to Appointments' }).getAttribute('href')).toBe('/demo/appointments');
    expect(calls.find((call) => call.method === 'POST' && call.url === `${API}/appointments`)!.json).toEqual({
      typeId: VISIT,
      providerId: HADDAD,
      startsAt: '2026-12-07T09:00:00-05:00',
      note: 'Knee pain',
    });
    expect(await axeViolations()).toEqual([]);
  });

  it('asks one provider’s free times when one is chosen, and books without a note when none is given', async () => {
    const { calls } = renderSignedIn('/demo/appointments/new', {
      [slotsUrl('2026-12-06', '2026-12-12', CARTER)]: () =>
        json(200, { timeZone: 'America/Toronto', items: [slot(CARTER, '2026-12-08T10:00:00-05:00', '2026-12-08T10:30:00-05:00')] }),
      [BOOK]: () => json(201, appointment({ id: BOOKED, provider: { id: CARTER, name: 'Dr. Ben Carter', title: null } })),
    });
    fireEvent.click(await screen.findByRole('button', { name: /^Follow-up visit/ }));
    fireEvent.click(await screen.findByRole('button', { name: /^Dr. Ben Carter/ }));
    fireEvent.click(await screen.findByRole('button', { name: 'Tuesday, December 8 1 time free' }));
    fireEvent.click(await screen.findByRole('button', { name: '10:00 a.m.' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Book appointment' }));
    await screen.findByRole('heading', { level: 3, name: 'Your appointment is booked' });
    expect(calls.find((call) => call.method === 'POST' && call.url === `${API}/appointments`)!.json).toEqual({
      typeId: VISIT,
      providerId: CARTER,
      startsAt: '2026-12-08T10:00:00-05:00',
    });
  });

  it('says that time was just taken and shows the free times again, reloaded, when another booking got it first', async () => {
    const { calls } = renderSignedIn('/demo/appointments/new', {
      [WEEK_ONE]: [
        () => json(200, weekOne()),
        () => json(200, { ...weekOne(), items: weekOne().items.filter((s) => !(s.providerId === HADDAD && s.startsAt.endsWith('09:00:00-05:00'))) }),
      ],
      [BOOK]: [
        () => problem(409, 'slot_taken', 'Sorry, that time was just taken. Please choose another time.'),
        () => json(201, appointment({ id: BOOKED, startsAt: '2026-12-07T09:30:00-05:00', endsAt: '2026-12-07T10:00:00-05:00' })),
      ],
    });
    await chooseMondayNine();
    fireEvent.click(button('Book appointment'));

    const heading = await screen.findByRole('heading', { level: 3, name: 'Which time on Monday, December 7?' });
    expect(screen.getByRole('alert').textContent).toBe('That time was just taken. Please choose another time.');
    await waitFor(() => expect(document.activeElement).toBe(heading));
    await waitFor(() =>
      expect(screen.getAllByRole('button').filter((b) => b.classList.contains('portal-choice')).map((b) => b.textContent)).toEqual([
        '9:00 a.m., with Dr. Ben Carter',
        '9:30 a.m., with Dr. Amira Haddad, MD',
      ]),
    );
    expect(calls.filter((call) => call.method === 'GET' && call.url === WEEK_ONE.slice(4)).length).toBe(2);
    expect(await axeViolations()).toEqual([]);

    fireEvent.click(button('9:30 a.m., with Dr. Amira Haddad, MD'));
    fireEvent.click(await screen.findByRole('button', { name: 'Book appointment' }));
    expect(await screen.findByRole('heading', { level: 3, name: 'Your appointment is booked' })).toBeTruthy();
  });

  it('says why a booking rule refused it in the patient’s words, the server’s for a refusal it does not know, and stays on the last look', async () => {
    renderSignedIn('/demo/appointments/new', {
      [BOOK]: [
        () => problem(400, 'too_soon', 'Appointments booked online need 1 day notice. Choose a later time or call the clinic.'),
        () => problem(409, 'too_many_upcoming', 'You already have 3 upcoming appointments booked online.'),
        () => problem(409, 'something_new', 'The clinic is closed for renovations.'),
      ],
    });
    await chooseMondayNine();
    fireEvent.click(button('Book appointment'));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe('That time is now too soon to book online. Choose a later time or call the clinic.'),
    );
    fireEvent.click(button('Book appointment'));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe(
        'You already have as many upcoming appointments as this clinic allows online. Please call the clinic to book another.',
      ),
    );
    fireEvent.click(button('Book appointment'));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('The clinic is closed for renovations.'));
    expect(screen.getByRole('heading', { level: 3, name: 'Check and book' })).toBeTruthy();
  });

  it('goes back a step at a time without losing the way', async () => {
    renderSignedIn('/demo/appointments/new');
    await chooseMondayNine();
    fireEvent.click(button('Back to the previous step'));
    expect(await screen.findByRole('heading', { level: 3, name: 'Which time on Monday, December 7?' })).toBeTruthy();
    fireEvent.click(button('Back to the previous step'));
    expect(await screen.findByRole('heading', { level: 3, name: 'Which day?' })).toBeTruthy();
    fireEvent.click(button('Back to the previous step'));
    expect(await screen.findByRole('heading', { level: 3, name: 'Who would you like to see?' })).toBeTruthy();
    fireEvent.click(button('Back to the previous step'));
    expect(await screen.findByRole('heading', { level: 3, name: 'What kind of appointment?' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Back to Appointments' }).getAttribute('href')).toBe('/demo/appointments');
  });

  it('says when nothing can be booked online', async () => {
    renderSignedIn('/demo/appointments/new', { [TYPES]: () => json(200, { timeZone: 'America/Toronto', items: [] }) });
    expect(await screen.findByText('There are no appointments you can book online. Please call the clinic.')).toBeTruthy();
  });

  it('speaks French at every step and passes axe', async () => {
    inFrench();
    renderSignedIn('/demo/appointments/new', { [BOOK]: () => json(201, appointment({ id: BOOKED })) });
    expect(await screen.findByRole('heading', { level: 2, name: 'Nouveau rendez-vous' })).toBeTruthy();
    expect(screen.getByText('Étape 1 sur 5')).toBeTruthy();
    fireEvent.click(await screen.findByRole('button', { name: 'Visite de suivi 30 minutes · En personne' }));
    expect(await screen.findByRole('button', { name: "N'importe quel professionnel Le premier moment libre avec l'un d'eux." })).toBeTruthy();
    expect(button('Dr. Amira Haddad, MD Parle anglais et français')).toBeTruthy();
    expect(await axeViolations()).toEqual([]);
    fireEvent.click(button(/^N'importe quel professionnel/));
    expect(await screen.findByRole('heading', { level: 3, name: 'Quel jour?' })).toBeTruthy();
    expect(screen.getByText('Semaine du 6 décembre 2026')).toBeTruthy();
    fireEvent.click(await screen.findByRole('button', { name: 'lundi 7 décembre 3 heures libres' }));
    expect(await screen.findByRole('heading', { level: 3, name: 'À quelle heure le lundi 7 décembre?' })).toBeTruthy();
    expect(await axeViolations()).toEqual([]);
    fireEvent.click(await screen.findByRole('button', { name: '9 h 00, avec Dr. Amira Haddad, MD' }));
    expect(await screen.findByRole('heading', { level: 3, name: 'Vérifier et réserver' })).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Note pour le professionnel (facultatif)' })).toBeTruthy();
    expect(await axeViolations()).toEqual([]);
    fireEvent.click(button('Réserver le rendez-vous'));
    expect(await screen.findByRole('heading', { level: 3, name: 'Votre rendez-vous est réservé' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Voir les détails du rendez-vous' })).toBeTruthy();
    expect(await axeViolations()).toEqual([]);
  });
});

const choices = () => screen.getAllByRole('button').filter((b) => b.classList.contains('portal-choice')).map((b) => b.textContent);

/** From the change page's first step, Monday 9:30 a.m. with Dr. Haddad, to the last look. */
async function moveToMondayNineThirty() {
  fireEvent.click(await screen.findByRole('button', { name: 'Monday, December 7 2 times free' }));
  fireEvent.click(await screen.findByRole('button', { name: '9:30 a.m.' }));
  await screen.findByRole('heading', { level: 3, name: 'Check and move' });
}

const movedAppointment = () => appointment({ startsAt: '2026-12-07T09:30:00-05:00', endsAt: '2026-12-07T10:00:00-05:00' });

describe('Change appointment time', { timeout: 60_000 }, () => {
  it('starts at the day with the appointment’s provider, shows the current and the new time, moves it and says so', async () => {
    const { calls } = renderSignedIn(`/demo/appointments/${SOON}/change`, {
      [OPEN_SOON]: [() => json(200, appointment()), () => json(200, movedAppointment())],
      [MOVE_SOON]: () => json(200, movedAppointment()),
    });
    expect(await screen.findByRole('heading', { level: 2, name: 'Change appointment time' })).toBeTruthy();
    const day = await screen.findByRole('heading', { level: 3, name: 'Which day?' });
    expect(screen.getByText('Step 2 of 4')).toBeTruthy();
    expect(screen.getByText('Week of December 6, 2026')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Back to the appointment' }).getAttribute('href')).toBe(`/demo/appointments/${SOON}`);
    expect(await screen.findByRole('button', { name: 'Monday, December 7 2 times free' })).toBeTruthy();
    expect(calls.some((call) => call.url === HADDAD_WEEK_ONE.slice(4))).toBe(true);
    expect(calls.some((call) => call.url === WEEK_ONE.slice(4))).toBe(false);
    await waitFor(() => expect(document.title).toBe('Change appointment time – Demo Family Clinic'));
    expect(day).toBeTruthy();
    expect(await axeViolations()).toEqual([]);

    fireEvent.click(button('Monday, December 7 2 times free'));
    await screen.findByRole('heading', { level: 3, name: 'Which time on Monday, December 7?' });
    expect(choices()).toEqual(['9:00 a.m.', '9:30 a.m.']);
    fireEvent.click(button('9:30 a.m.'));

    await screen.findByRole('heading', { level: 3, name: 'Check and move' });
    expect(screen.getByText('Step 4 of 4')).toBeTruthy();
    expect(details()).toEqual({
      Appointment: 'Follow-up visit',
      Provider: 'Dr. Amira Haddad, MD',
      Where: 'Main office1 King St W',
      'Current time': 'Monday, December 7, 2026 at 9:00 a.m. EST',
      'New time': 'Monday, December 7, 2026 at 9:30 a.m. EST',
      Length: '30 minutes',
    });
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(await axeViolations()).toEqual([]);
    fireEvent.click(button('Move appointment'));

    const done = await screen.findByRole('heading', { level: 3, name: 'Your appointment was moved' });
    await waitFor(() => expect(document.activeElement).toBe(done));
    expect(details()['When']).toBe('Monday, December 7, 2026 at 9:30 a.m. EST');
    expect(calls.filter((call) => call.method === 'POST').map((call) => [call.url, call.json])).toEqual([
      [`${API}/appointments/${SOON}/reschedule`, { startsAt: '2026-12-07T09:30:00-05:00', providerId: HADDAD }],
    ]);
    expect(await axeViolations()).toEqual([]);

    fireEvent.click(screen.getByRole('link', { name: 'View appointment details' }));
    expect(await screen.findByRole('heading', { level: 2, name: 'Follow-up visit' })).toBeTruthy();
    await waitFor(() => expect(details()['When']).toBe('Monday, December 7, 2026 at 9:30 a.m. EST'));
  });

  it('goes back to the provider, where any provider may be chosen, and says whom the appointment was with', async () => {
    const { calls } = renderSignedIn(`/demo/appointments/${SOON}/change`, {
      [MOVE_SOON]: () => json(200, appointment({ provider: { id: CARTER, name: 'Dr. Ben Carter', title: null } })),
    });
    await screen.findByRole('heading', { level: 3, name: 'Which day?' });
    fireEvent.click(button('Back to the previous step'));
    expect(await screen.findByRole('heading', { level: 3, name: 'Who would you like to see?' })).toBeTruthy();
    expect(screen.getByText('Step 1 of 4')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Back to the previous step' })).toBeNull();
    fireEvent.click(button(/^Any provider/));
    fireEvent.click(await screen.findByRole('button', { name: 'Monday, December 7 3 times free' }));
    fireEvent.click(await screen.findByRole('button', { name: '9:00 a.m., with Dr. Ben Carter' }));
    await screen.findByRole('heading', { level: 3, name: 'Check and move' });
    expect(details()['Provider']).toBe('Dr. Ben Carter');
    expect(details()['Current time']).toBe('Monday, December 7, 2026 at 9:00 a.m. ESTWith Dr. Amira Haddad, MD');
    fireEvent.click(button('Move appointment'));
    await screen.findByRole('heading', { level: 3, name: 'Your appointment was moved' });
    expect(calls.find((call) => call.method === 'POST')!.json).toEqual({ startsAt: '2026-12-07T09:00:00-05:00', providerId: CARTER });
  });

  it('says that time was just taken and the appointment keeps its time, and shows the free times again, reloaded', async () => {
    const haddad = () => weekOne().items.filter((s) => s.providerId === HADDAD);
    const { calls } = renderSignedIn(`/demo/appointments/${SOON}/change`, {
      [HADDAD_WEEK_ONE]: [
        () => json(200, { ...weekOne(), items: haddad() }),
        () => json(200, { ...weekOne(), items: haddad().filter((s) => !s.startsAt.endsWith('09:30:00-05:00')) }),
      ],
      [MOVE_SOON]: () => problem(409, 'slot_taken', 'Sorry, that time was just taken. Please choose another time.'),
    });
    await moveToMondayNineThirty();
    fireEvent.click(button('Move appointment'));

    const heading = await screen.findByRole('heading', { level: 3, name: 'Which time on Monday, December 7?' });
    expect(screen.getByRole('alert').textContent).toBe('That time was just taken; your appointment keeps its current time. Please choose another time.');
    await waitFor(() => expect(document.activeElement).toBe(heading));
    await waitFor(() => expect(choices()).toEqual(['9:00 a.m.']));
    expect(calls.filter((call) => call.method === 'GET' && call.url === HADDAD_WEEK_ONE.slice(4)).length).toBe(2);
    expect(await axeViolations()).toEqual([]);
  });

  it('says in the patient’s words when the change window passed meanwhile, or the time became too soon, and stays on the last look', async () => {
    renderSignedIn(`/demo/appointments/${SOON}/change`, {
      [MOVE_SOON]: [
        () => problem(409, 'change_window_passed', 'Appointments can be changed or cancelled online until 2 hours before they start. Please call the clinic.'),
        () => problem(400, 'too_soon', 'Appointments must be booked at least 24 hours ahead.'),
      ],
    });
    await moveToMondayNineThirty();
    fireEvent.click(button('Move appointment'));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe('Changes and cancellations online have closed for this appointment. Please call the clinic.'),
    );
    expect(screen.getByRole('heading', { level: 3, name: 'Check and move' })).toBeTruthy();
    expect(await axeViolations()).toEqual([]);
    fireEvent.click(button('Move appointment'));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe('That time is now too soon to book online. Choose a later time or call the clinic.'),
    );
    expect(screen.getByRole('heading', { level: 3, name: 'Check and move' })).toBeTruthy();
  });

  it('says when changes online closed, or that this appointment cannot be changed online, instead of the steps', async () => {
    const { unmount } = renderSignedIn(`/demo/appointments/${SOON}/change`, {
      [OPEN_SOON]: () => json(200, appointment({ canChange: false, canCancel: false })),
    });
    expect(await screen.findByText(/^Changes and cancellations online closed on Monday, December 7, 2026 at 7:00 a.m. EST/)).toBeTruthy();
    expect(screen.getByRole('heading', { level: 2, name: 'Change appointment time' })).toBeTruthy();
    expect(screen.queryByRole('heading', { level: 3 })).toBeNull();
    expect(await axeViolations()).toEqual([]);
    unmount();

    renderSignedIn(`/demo/appointments/${SOON}/change`, {
      [TYPES]: () => json(200, { ...types(), items: types().items.filter((type) => type.id !== VISIT) }),
    });
    expect(await screen.findByText('This appointment can no longer be changed online. Please call the clinic.')).toBeTruthy();
    expect(screen.queryByRole('heading', { level: 3 })).toBeNull();
  });

  it('says so when the appointment is not the patient’s or does not exist', async () => {
    renderSignedIn(`/demo/appointments/${SOON}/change`, {
      [OPEN_SOON]: () => problem(404, 'appointment_not_found', 'The appointment was not found.'),
    });
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', 'This appointment was not found.');
    expect(screen.getByRole('heading', { level: 2, name: 'Change appointment time' })).toBeTruthy();
  });

  it('speaks French at every step and passes axe', async () => {
    inFrench();
    renderSignedIn(`/demo/appointments/${SOON}/change`, { [MOVE_SOON]: () => json(200, movedAppointment()) });
    expect(await screen.findByRole('heading', { level: 2, name: "Changer l'heure du rendez-vous" })).toBeTruthy();
    expect(await screen.findByRole('heading', { level: 3, name: 'Quel jour?' })).toBeTruthy();
    expect(screen.getByText('Étape 2 sur 4')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Retour au rendez-vous' })).toBeTruthy();
    fireEvent.click(await screen.findByRole('button', { name: 'lundi 7 décembre 2 heures libres' }));
    expect(await axeViolations()).toEqual([]);
    fireEvent.click(await screen.findByRole('button', { name: '9 h 30' }));
    expect(await screen.findByRole('heading', { level: 3, name: 'Vérifier et déplacer' })).toBeTruthy();
    expect(details()['Heure actuelle']).toContain('lundi 7 décembre 2026');
    expect(details()['Nouvelle heure']).toContain('9 h 30');
    expect(await axeViolations()).toEqual([]);
    fireEvent.click(button('Déplacer le rendez-vous'));
    expect(await screen.findByRole('heading', { level: 3, name: 'Votre rendez-vous a été déplacé' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Voir les détails du rendez-vous' }).getAttribute('href')).toBe(`/demo/appointments/${SOON}`);
    expect(await axeViolations()).toEqual([]);
  });
});

describe('the home page', () => {
  it('links to Appointments, which opens the appointments', async () => {
    renderSignedIn('/demo/');
    const nav = await screen.findByRole('navigation', { name: 'Your portal' });
    fireEvent.click(within(nav).getByRole('link', { name: 'Appointments' }));
    expect(await screen.findByRole('region', { name: 'Upcoming' })).toBeTruthy();
    act(() => {
      window.history.pushState(null, '', '/demo/appointments/new');
      window.dispatchEvent(new PopStateEvent('popstate'));
    });
    expect(await screen.findByRole('heading', { level: 2, name: 'New appointment' })).toBeTruthy();
  });
});
