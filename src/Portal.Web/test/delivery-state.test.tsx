import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { AdminApp } from '../src/admin/AdminApp';
import type { StaffConversation, StaffMessage } from '../src/admin/messaging/api';
import { adminMessages } from '../src/admin/messages';
import { STORAGE_KEY } from '../src/shared/i18n/language';
import { ANTIFORGERY, axeViolations, json, mockServer, renderWithI18n } from './helpers';
import { PATIENT_ID, idTypes, owner, staffSignedIn } from './fixtures';

const API = '/api/clinics/demo';
const M = `${API}/messaging`;
const LAB = '0190f5a2-2222-7000-8000-000000000001';
const OLIVIA = '0190f5a2-4444-7000-8000-000000000001';
/** The first render loads the admin app's lazy chunks, which takes longer than findBy's default second on a busy machine. */
const LOAD = 10_000;

const staffMessage = (id: string, notifications: StaffMessage['notifications']): StaffMessage => ({
  id, authorKind: 'staff', authorStaffId: OLIVIA, authorName: 'Olivia Owner', body: `Message ${id}`,
  sentAt: '2026-12-05T14:00:00Z', readAt: null, attachments: [], notifications, kind: 'text', uploadRequest: null,
});

const conversation: StaffConversation = {
  id: LAB,
  patient: { id: PATIENT_ID, displayName: 'Camille Tremblay' },
  subject: 'Your lab results',
  status: 'open',
  repliesAllowed: true,
  assignedTo: null,
  createdBy: { id: OLIVIA, displayName: 'Olivia Owner' },
  createdAt: '2026-12-05T14:00:00Z',
  messages: [
    staffMessage('m-1', [
      { channel: 'email', recipient: 'j•••@example.com', state: 'sent', reason: null, updatedAt: '2026-12-05T14:01:00Z' },
      { channel: 'sms', recipient: '+1•••••••123', state: 'failed', reason: 'Twilio error 30003: unreachable handset.', updatedAt: '2026-12-05T14:02:00Z' },
    ]),
    { id: 'm-2', authorKind: 'patient', authorStaffId: null, authorName: 'Camille Tremblay', body: 'Thanks', sentAt: '2026-12-05T15:00:00Z', readAt: null, attachments: [], notifications: [], kind: 'text', uploadRequest: null },
    staffMessage('m-3', []),
    staffMessage('m-4', [{ channel: 'sms', recipient: '+1•••••••456', state: 'queued', reason: null, updatedAt: '2026-12-05T16:00:00Z' }]),
  ],
};

function renderConversation() {
  window.history.replaceState(null, '', `/demo/admin/messages/${LAB}`);
  mockServer({
    'GET /api/antiforgery': () => json(200, ANTIFORGERY),
    [`GET ${API}/staff/session`]: () => json(200, staffSignedIn(owner)),
    [`GET ${API}/portal`]: () => json(200, { slug: 'demo', clinicName: 'Demo Family Clinic', defaultLanguage: 'en', timeZone: 'America/Toronto' }),
    [`GET ${API}/registration/id-types`]: () => json(200, idTypes()),
    [`GET ${M}/staff`]: () => json(200, [{ id: OLIVIA, displayName: 'Olivia Owner' }]),
    [`GET ${M}/conversations/${LAB}`]: () => json(200, conversation),
  });
  renderWithI18n(<AdminApp />, adminMessages);
}

async function messageItems() {
  await screen.findByRole('heading', { level: 1, name: 'Your lab results' }, { timeout: LOAD });
  return within(screen.getByRole('list', { name: /^Messages$/ })).getAllByRole('listitem').filter((item) => item.parentElement?.classList.contains('conversation-thread'));
}

describe('how the patient was told, on the staff side of a conversation', { timeout: 30_000 }, () => {
  it('states each channel, masked recipient and state in words, the reason of a failure, and Not notified', async () => {
    renderConversation();
    const items = await messageItems();

    const told = within(items[0]!).getByRole('list', { name: 'How the patient was told' });
    const lines = within(told).getAllByRole('listitem').map((line) => line.textContent);
    expect(lines).toEqual([
      `Email to j•••@example.com: sent as of December 5, 2026 at 9:01 a.m. EST`,
      `SMS to +1•••••••123: failed — Twilio error 30003: unreachable handset. as of December 5, 2026 at 9:02 a.m. EST`,
    ]);
    expect(within(told).getAllByRole('listitem')[1]!.querySelector('time')!.getAttribute('dateTime')).toBe('2026-12-05T14:02:00Z');
    expect(items[1]!.textContent).not.toContain('Not notified');
    expect(within(items[1]!).queryByRole('list', { name: 'How the patient was told' })).toBeNull();
    expect(items[2]!.textContent).toContain('Not notified');
    expect(items[3]!.textContent).toContain('SMS to +1•••••••456: queued');
    expect(await axeViolations()).toEqual([]);
  });

  it('says it in French', async () => {
    window.localStorage.setItem(STORAGE_KEY, 'fr');
    renderConversation();
    await screen.findByRole('heading', { level: 1, name: 'Your lab results' }, { timeout: LOAD });
    const told = screen.getAllByRole('list', { name: 'Comment le patient a été avisé' });
    expect(within(told[0]!).getAllByRole('listitem')[0]!.textContent).toContain('Courriel à j•••@example.com : envoyé');
    expect(within(told[0]!).getAllByRole('listitem')[1]!.textContent).toContain('SMS à +1•••••••123 : échec — Twilio error 30003');
    expect(screen.getByText('Non avisé')).toBeTruthy();
    expect(await axeViolations()).toEqual([]);
  });
});
