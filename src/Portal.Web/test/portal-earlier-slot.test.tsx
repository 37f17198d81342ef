import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MyAppointment } from '../src/portal/appointments/api';
import { patientProfile, patientSignedIn } from './fixtures';
import { axeViolations, json, problem, type Handler } from './helpers';
import { API, ME, inFrench, renderPortal } from './portal-helpers';

const SOON = '0193a1b2-0000-7000-8000-00000000d001';
const OFFER = '0193a1b2-0000-7000-8000-00000000e001';
const OFFICE = '0193a1b2-0000-7000-8000-00000000c001';
const OPEN = `GET ${API}/appointments/${SOON}`;
const ASK = `POST ${API}/appointments/${SOON}/earlier-slot`;
const STOP = `DELETE ${API}/appointments/${SOON}/earlier-slot`;
const ACCEPT = `POST ${API}/appointments/${SOON}/earlier-slot/accept`;
const DECLINE = `POST ${API}/appointments/${SOON}/earlier-slot/decline`;

function appointment(overrides: Partial<MyAppointment> = {}): MyAppointment {
  return {
    id: SOON,
    type: { id: '0193a1b2-0000-7000-8000-00000000a001', nameEn: 'Follow-up visit', nameFr: 'Visite de suivi', mode: 'in_person' },
    provider: { id: '0193a1b2-0000-7000-8000-00000000b001', name: 'Dr. Amira Haddad', title: 'MD' },
    location: { id: OFFICE, name: 'Main office', address: '1 King St W' },
    startsAt: '2026-12-10T09:00:00-05:00',
    endsAt: '2026-12-10T09:30:00-05:00',
    timeZone: 'America/Toronto',
    status: 'booked',
    canChange: true,
    canCancel: true,
    changeableUntil: '2026-12-09T09:00:00-05:00',
    wantsEarlierSlot: false,
    earlierSlotOffer: null,
    ...overrides,
  };
}

const offered = (overrides: Partial<MyAppointment> = {}) =>
  appointment({
    wantsEarlierSlot: true,
    earlierSlotOffer: {
      id: OFFER,
      startsAt: '2026-12-07T09:00:00-05:00',
      endsAt: '2026-12-07T09:30:00-05:00',
      expiresAt: '2026-12-06T10:30:00-05:00',
      location: { id: OFFICE, name: 'Main office', address: '1 King St W' },
    },
    ...overrides,
  });

function renderAppointment(routes: Record<string, Handler | Handler[]> = {}) {
  return renderPortal(`/demo/appointments/${SOON}`, {
    [ME]: () => json(200, patientSignedIn(patientProfile())),
    [OPEN]: () => json(200, appointment()),
    ...routes,
  });
}

const button = (name: string | RegExp) => screen.getByRole('button', { name });

// Sunday, December 6, 2026, 10:00 in Toronto.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-12-06T15:00:00Z'));
});

afterEach(() => {
  vi.useRealTimers();
});

describe('an earlier time', { timeout: 30_000 }, () => {
  it('is asked for and no longer asked for with one checkbox, and says so each time', async () => {
    const { calls } = renderAppointment({
      [ASK]: () => json(200, appointment({ wantsEarlierSlot: true })),
      [STOP]: () => json(200, appointment({ wantsEarlierSlot: false })),
    });
    const box = await screen.findByRole('checkbox', { name: 'Tell me if an earlier time frees up' });
    expect((box as HTMLInputElement).checked).toBe(false);
    expect(await axeViolations()).toEqual([]);

    fireEvent.click(box);
    expect(await screen.findByText('You will be told if an earlier time frees up.')).toBeTruthy();
    await waitFor(() => expect((screen.getByRole('checkbox', { name: 'Tell me if an earlier time frees up' }) as HTMLInputElement).checked).toBe(true));

    fireEvent.click(screen.getByRole('checkbox', { name: 'Tell me if an earlier time frees up' }));
    expect(await screen.findByText('You will no longer be told of earlier times.')).toBeTruthy();
    expect(calls.filter((call) => call.method !== 'GET').map((call) => `${call.method} ${call.url}`)).toEqual([ASK, STOP]);
  });

  it('is not offered for an appointment that cannot change online', async () => {
    renderAppointment({ [OPEN]: () => json(200, appointment({ status: 'requested' })) });
    await screen.findByRole('heading', { level: 2, name: 'Follow-up visit' });
    expect(screen.queryByRole('checkbox')).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Earlier time' })).toBeNull();
  });

  it('shows the time offered until when, and accepting moves the appointment to it', async () => {
    const { calls } = renderAppointment({
      [OPEN]: () => json(200, offered()),
      [ACCEPT]: () =>
        json(200, appointment({ startsAt: '2026-12-07T09:00:00-05:00', endsAt: '2026-12-07T09:30:00-05:00', wantsEarlierSlot: false })),
    });
    expect(await screen.findByText(/An earlier time is free for you: Monday, December 7, 2026/)).toBeTruthy();
    expect(screen.getByText(/at Main office/)).toBeTruthy();
    expect(screen.getByText(/It is kept for you until Sunday, December 6, 2026/)).toBeTruthy();
    expect(await axeViolations()).toEqual([]);

    fireEvent.click(button('Accept the earlier time'));

    expect(await screen.findByText(/Your appointment is now on Monday, December 7, 2026/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Accept the earlier time' })).toBeNull();
    expect(calls.find((call) => call.method === 'POST' && call.url === `${API}/appointments/${SOON}/earlier-slot/accept`)!.json).toEqual({ offerId: OFFER });
  });

  it('declines with No thanks and keeps the appointment', async () => {
    const { calls } = renderAppointment({
      [OPEN]: () => json(200, offered()),
      [DECLINE]: () => json(200, appointment({ wantsEarlierSlot: true })),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'No thanks' }));
    expect(await screen.findByText('You kept your appointment time. You will still be told of other earlier times.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'No thanks' })).toBeNull();
    expect(calls.find((call) => call.method === 'POST' && call.url === `${API}/appointments/${SOON}/earlier-slot/decline`)!.json).toEqual({ offerId: OFFER });
  });

  it('says the time was just taken, or the offer ended, and shows the appointment as it is now', async () => {
    const { calls } = renderAppointment({
      [OPEN]: [() => json(200, offered()), () => json(200, appointment({ wantsEarlierSlot: true }))],
      [ACCEPT]: () => problem(409, 'slot_taken', 'Sorry, that time was just taken.'),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Accept the earlier time' }));
    expect(await screen.findByText('Sorry, that time was just taken. Your appointment keeps its time.')).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Accept the earlier time' })).toBeNull());
    expect(calls.filter((call) => call.method === 'GET' && call.url === `${API}/appointments/${SOON}`)).toHaveLength(2);
  });

  it('speaks French and passes axe', async () => {
    inFrench();
    renderAppointment({
      [OPEN]: () => json(200, offered()),
      [ACCEPT]: () => problem(409, 'offer_expired', 'This offer has ended.'),
    });
    expect(await screen.findByText(/Un moment plus tôt est libre pour vous : lundi 7 décembre 2026/)).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: "M'avertir si un moment plus tôt se libère" })).toBeTruthy();
    expect(await axeViolations()).toEqual([]);
    fireEvent.click(button('Accepter le moment plus tôt'));
    expect(await screen.findByText('Cette offre a pris fin et est allée au patient suivant. Votre rendez-vous garde son heure.')).toBeTruthy();
  });
});
