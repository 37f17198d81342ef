import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { AdminApp } from '../src/admin/AdminApp';
import { adminMessages } from '../src/admin/messages';
import type { QueuedRegistration } from '../src/admin/patients/review/api';
import { STORAGE_KEY } from '../src/shared/i18n/language';
import { ANTIFORGERY, axeViolations, json, mockServer, problem, renderWithI18n, type Handler } from './helpers';
import { PATIENT_ID, idTypes, owner, staffSignedIn } from './fixtures';

const API = '/api/clinics/demo';
const QUEUE = `GET ${API}/registrations?status=pending_review`;
const REGISTRATION = '0190f5a2-5555-7000-8000-000000000001';
const KNOWN_CHART = '0190f5a2-6666-7000-8000-000000000001';
/** The first render loads the admin app's lazy chunks, which takes longer than findBy's default second on a busy machine. */
const LOAD = 10_000;

const waiting: QueuedRegistration = {
  id: REGISTRATION,
  status: 'pending_review',
  submittedAt: '2026-12-05T14:00:00Z',
  contactKind: 'email',
  patientId: PATIENT_ID,
  legalGivenName: 'Camille',
  legalFamilyName: 'Tremblay',
  preferredName: null,
  dateOfBirth: '1984-03-09',
  identifiers: [{ type: 'ON', number: '9876543217', versionCode: 'AB' }],
  emails: ['camille@example.com'],
  mobiles: [],
  mergedIntoPatientId: null,
  rejectReason: null,
  reviewedAt: null,
  possibleMatches: [{ patientId: KNOWN_CHART, name: 'Camille Tremblay-Roy', dateOfBirth: '1984-03-09', chartNumber: 'A-1001' }],
};

function renderQueue(queue: Handler | Handler[], routes: Record<string, Handler | Handler[]> = {}) {
  window.history.replaceState(null, '', '/demo/admin/patients/review');
  return mockServer({
    'GET /api/antiforgery': () => json(200, ANTIFORGERY),
    [`GET ${API}/staff/session`]: () => json(200, staffSignedIn(owner)),
    [`GET ${API}/portal`]: () => json(200, { slug: 'demo', clinicName: 'Demo Family Clinic', defaultLanguage: 'en', timeZone: 'America/Toronto' }),
    [`GET ${API}/registration/id-types`]: () => json(200, idTypes()),
    [QUEUE]: queue,
    ...routes,
  });
}

const reviewed = (status: string) => () => json(200, { id: REGISTRATION, status, patientId: PATIENT_ID });

describe('the registrations to review', () => {
  it('shows each waiting registration with what the person gave, and accepts one', async () => {
    const { calls } = renderQueue([() => json(200, { items: [waiting] }), () => json(200, { items: [] })], {
      [`POST ${API}/registrations/${REGISTRATION}/accept`]: reviewed('accepted'),
    });
    renderWithI18n(<AdminApp />, adminMessages);

    const card = await screen.findByRole('article', { name: 'Camille Tremblay' }, { timeout: LOAD });
    expect(screen.getByRole('heading', { level: 1, name: 'Registrations to review' })).toBeTruthy();
    expect(document.title).toBe('Registrations to review – Demo Family Clinic');
    expect(card.textContent).toContain('March 9, 1984');
    expect(card.textContent).toContain('ON 9876543217 AB');
    expect(card.textContent).toContain('camille@example.com');
    expect(within(card).getByRole('link', { name: 'Open the chart of Camille Tremblay' }).getAttribute('href')).toBe(`/demo/admin/patients/${PATIENT_ID}`);
    expect(screen.getByRole('link', { name: 'Registrations to review', current: 'page' })).toBeTruthy();
    expect(await axeViolations()).toEqual([]);

    fireEvent.click(within(card).getByRole('button', { name: 'Accept Camille Tremblay' }));

    expect(await screen.findByText('Camille Tremblay was accepted and told they can log in.')).toBeTruthy();
    expect(await screen.findByText('No registration is waiting for review.')).toBeTruthy();
    expect(calls.filter((call) => call.method === 'POST').map((call) => call.url)).toEqual([`${API}/registrations/${REGISTRATION}/accept`]);
    expect(await axeViolations()).toEqual([]);
  });

  it('merges into the possible match the staff member chose', async () => {
    const { calls } = renderQueue([() => json(200, { items: [waiting] }), () => json(200, { items: [] })], {
      [`POST ${API}/registrations/${REGISTRATION}/merge`]: reviewed('merged'),
    });
    renderWithI18n(<AdminApp />, adminMessages);

    const card = await screen.findByRole('article', { name: 'Camille Tremblay' }, { timeout: LOAD });
    const group = within(card).getByRole('group', { name: 'Already a patient?' });
    const chart = within(group).getByLabelText('Existing chart') as HTMLSelectElement;
    expect(chart.value).toBe(KNOWN_CHART);
    expect(chart.selectedOptions[0]!.textContent).toBe('Camille Tremblay-Roy – March 9, 1984 – A-1001');
    fireEvent.click(within(group).getByRole('button', { name: 'Accept into this chart' }));

    expect(await screen.findByText("Camille Tremblay's registration was added to the existing chart.")).toBeTruthy();
    expect(calls.find((call) => call.url.endsWith('/merge'))!.json).toEqual({ patientId: KNOWN_CHART });
  });

  it('asks for a reason before rejecting, sends it trimmed, and shows a refusal from the server', async () => {
    const { calls } = renderQueue(() => json(200, { items: [waiting] }), {
      [`POST ${API}/registrations/${REGISTRATION}/reject`]: () =>
        problem(409, 'registration_already_reviewed', 'This registration was already reviewed.'),
    });
    renderWithI18n(<AdminApp />, adminMessages);

    const card = await screen.findByRole('article', { name: 'Camille Tremblay' }, { timeout: LOAD });
    fireEvent.click(within(card).getByRole('button', { name: 'Reject Camille Tremblay' }));
    const reason = within(card).getByLabelText('Reason for rejecting (kept for the clinic)');
    expect(reason.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(reason);
    expect(within(card).getByText('Give a reason to reject.')).toBeTruthy();
    expect(calls.some((call) => call.method === 'POST')).toBe(false);
    expect(await axeViolations()).toEqual([]);

    fireEvent.change(reason, { target: { value: '  Not a patient of this clinic  ' } });
    fireEvent.click(within(card).getByRole('button', { name: 'Reject Camille Tremblay' }));

    expect(await within(card).findByRole('alert')).toBeTruthy();
    expect(calls.find((call) => call.url.endsWith('/reject'))!.json).toEqual({ reason: 'Not a patient of this clinic' });
    expect(screen.queryByText("Camille Tremblay's registration was rejected.")).toBeNull();
  });

  it('speaks French, says when nothing waits, and axe finds nothing', async () => {
    window.localStorage.setItem(STORAGE_KEY, 'fr');
    renderQueue(() => json(200, { items: [waiting] }));
    renderWithI18n(<AdminApp />, adminMessages);

    const card = await screen.findByRole('article', { name: 'Camille Tremblay' }, { timeout: LOAD });
    expect(screen.getByRole('heading', { level: 1, name: 'Inscriptions à examiner' })).toBeTruthy();
    expect(within(card).getByRole('button', { name: 'Accepter Camille Tremblay' })).toBeTruthy();
    expect(within(card).getByRole('group', { name: 'Déjà patient?' })).toBeTruthy();
    expect(card.textContent).toContain('9 mars 1984');
    await waitFor(async () => expect(await axeViolations()).toEqual([]));
  });
});
