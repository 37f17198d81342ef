import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { VisitPanel } from '../src/admin/appointments/VisitPanel';
import { appointmentsMessages } from '../src/admin/appointments/messages';
import { VisitSection } from '../src/portal/visit/VisitSection';
import { visitMessages } from '../src/portal/visit/messages';
import { ANTIFORGERY, json, mockServer, problem, renderWithI18n, type Handler } from './helpers';

const APPOINTMENT = '0190f5a2-8888-7000-8000-000000000001';
const MINE = `/api/clinics/demo/portal/appointments/${APPOINTMENT}/visit`;
const STAFF = `/api/clinics/demo/appointments/${APPOINTMENT}/visit`;

const times = { codeSendsAt: '2026-12-08T14:55:00Z', opensAt: '2026-12-08T14:45:00Z', closesAt: '2026-12-08T15:45:00Z' };
const myVisit = (codeSentAt: string | null) => ({ ...times, codeSentAt, link: `https://portal.example/demo/visit/${APPOINTMENT}`, canResend: true });
const staffVisit = (issue: number, codeSentAt: string | null, failedAttempts = 0, locked = false) => ({
  ...times, roomId: APPOINTMENT, issue, codeSentAt, failedAttempts, locked, canResend: true,
});

function renderPatient(resend: Handler | Handler[]) {
  const onSessionEnded = vi.fn();
  const server = mockServer({
    'GET /api/antiforgery': () => json(200, ANTIFORGERY),
    [`GET ${MINE}`]: () => json(200, myVisit(null)),
    [`POST ${MINE}/code`]: resend,
  });
  renderWithI18n(<VisitSection slug="demo" appointmentId={APPOINTMENT} timeZone="America/Toronto" onSessionEnded={onSessionEnded} />, visitMessages);
  return { ...server, onSessionEnded };
}

function renderStaff(resend: Handler | Handler[]) {
  const onSessionEnded = vi.fn();
  const server = mockServer({
    'GET /api/antiforgery': () => json(200, ANTIFORGERY),
    [`GET ${STAFF}`]: () => json(200, staffVisit(1, '2026-12-08T14:55:00Z', 5, true)),
    [`POST ${STAFF}/code`]: resend,
  });
  renderWithI18n(<VisitPanel slug="demo" appointmentId={APPOINTMENT} onSessionEnded={onSessionEnded} />, appointmentsMessages);
  return { ...server, onSessionEnded };
}

describe("the patient's virtual visit on the appointment page", () => {
  it('says when the code goes out, joins by the link, and re-sends the code, showing the new one without loading it again', async () => {
    const { calls, onSessionEnded } = renderPatient(() => json(200, myVisit('2026-12-08T14:50:00Z')));
    expect(await screen.findByText(/Your access code will be sent on/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Join visit' }).getAttribute('href')).toBe(`/demo/visit/${APPOINTMENT}`);
    fireEvent.click(screen.getByRole('button', { name: 'Re-send my code' }));
    expect(await screen.findByText('A new code was sent to your preferred contact. The code sent before no longer works.')).toBeTruthy();
    expect(screen.getByText(/Your access code was sent on/)).toBeTruthy();
    expect(calls.filter((call) => call.method === 'POST' && call.url === `${MINE}/code`)).toHaveLength(1);
    expect(calls.filter((call) => call.method === 'GET' && call.url === MINE)).toHaveLength(1);
    expect(onSessionEnded).not.toHaveBeenCalled();
  });

  it("shows why a code cannot be sent, and hands an ended session back", async () => {
    const { onSessionEnded } = renderPatient([
      () => problem(409, 'visit_code_not_sendable', 'The visit has ended.'),
      () => problem(401, 'unauthenticated', 'Sign in again.'),
    ]);
    fireEvent.click(await screen.findByRole('button', { name: 'Re-send my code' }));
    expect((await screen.findByRole('alert')).textContent).toBe('A code can no longer be sent: the visit has ended or was cancelled.');
    expect(screen.queryByText(/A new code was sent/)).toBeNull();
    expect(onSessionEnded).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Re-send my code' }));
    await waitFor(() => expect(onSessionEnded).toHaveBeenCalledTimes(1));
  });
});

describe("staff's virtual visit panel on the appointment", () => {
  it('shows the locked code and re-sends one, showing the new issue without loading it again', async () => {
    const { calls, onSessionEnded } = renderStaff(() => json(200, staffVisit(2, '2026-12-08T15:00:00Z')));
    expect(await screen.findByText(/\(1 sent in all\)/)).toBeTruthy();
    expect(screen.getByText('The code is locked after 5 wrong tries: re-send a code to the patient.')).toBeTruthy();
    expect(screen.getByRole('link', { name: /Start visit/ }).getAttribute('href')).toBe(`/demo/visit/provider/${APPOINTMENT}`);
    fireEvent.click(screen.getByRole('button', { name: 'Re-send code' }));
    expect(await screen.findByText("A new code was sent to the patient's preferred contact. The code sent before no longer works.")).toBeTruthy();
    expect(screen.getByText(/\(2 sent in all\)/)).toBeTruthy();
    expect(screen.queryByText(/locked/)).toBeNull();
    expect(calls.filter((call) => call.method === 'POST' && call.url === `${STAFF}/code`)).toHaveLength(1);
    expect(calls.filter((call) => call.method === 'GET' && call.url === STAFF)).toHaveLength(1);
    expect(onSessionEnded).not.toHaveBeenCalled();
  });

  it('shows why a code cannot be sent, and hands an ended session back', async () => {
    const { onSessionEnded } = renderStaff([
      () => problem(404, 'visit_not_found', 'No visit.'),
      () => problem(401, 'unauthenticated', 'Sign in again.'),
    ]);
    fireEvent.click(await screen.findByRole('button', { name: 'Re-send code' }));
    expect((await screen.findByRole('alert')).textContent).toBe('This appointment has no virtual visit.');
    expect(onSessionEnded).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Re-send code' }));
    await waitFor(() => expect(onSessionEnded).toHaveBeenCalledTimes(1));
  });
});
