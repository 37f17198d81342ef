import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { AdminApp } from '../src/admin/AdminApp';
import type { BulkMessage, BulkRecipient } from '../src/admin/messaging/bulk/api';
import { adminMessages } from '../src/admin/messages';
import { bulkPath, bulkProgressPath, parseAdminPath } from '../src/admin/routes';
import { STORAGE_KEY } from '../src/shared/i18n/language';
import { ANTIFORGERY, axeViolations, json, mockServer, problem, renderWithI18n, type Handler } from './helpers';
import { idTypes, owner, staffSignedIn } from './fixtures';

const API = '/api/clinics/demo';
const M = `${API}/messaging`;
const BULK = '0190f5a2-5555-7000-8000-000000000001';
const CAMILLE = '0190f5a2-6666-7000-8000-000000000001';
const LOUIS = '0190f5a2-6666-7000-8000-000000000002';
const CONVERSATION = '0190f5a2-2222-7000-8000-000000000009';
const LIST = `GET ${M}/bulk?offset=0&limit=25`;
const recipientsUrl = (state: string) => `GET ${M}/bulk/${BULK}/recipients?state=${state}&offset=0&limit=50`;

function bulk(overrides: Partial<BulkMessage> = {}): BulkMessage {
  return {
    id: BULK,
    subject: 'Flu clinic',
    body: 'The flu clinic opens on Monday.',
    allowReplies: false,
    group: { q: null, status: 'active', portalAccess: 'yes', bornBefore: '1960-01-01', bornOnOrAfter: null },
    state: 'running',
    selected: 3,
    processed: 1,
    sent: 1,
    skipped: 0,
    createdByName: 'Olivia Owner',
    createdAt: '2026-12-05T14:00:00Z',
    startedAt: '2026-12-05T14:00:01Z',
    finishedAt: null,
    failure: null,
    ...overrides,
  };
}

const sent: BulkRecipient = {
  patientId: CAMILLE,
  displayName: 'Camille Tremblay',
  state: 'sent',
  skipReason: null,
  conversationId: CONVERSATION,
  deliveries: [{ channel: 'email', recipient: 'c•••@example.com', state: 'sent', reason: null, updatedAt: '2026-12-05T14:00:05Z' }],
};

const skipped: BulkRecipient = {
  patientId: LOUIS, displayName: 'Louis Roy', state: 'skipped', skipReason: 'no_usable_contact', conversationId: null, deliveries: [],
};

const page = <T,>(items: T[]) => ({ items, offset: 0, limit: 50, hasMore: false });

function renderAdmin(path: string, routes: Record<string, Handler | Handler[]>, allowRepliesAvailable = true) {
  window.history.replaceState(null, '', path);
  const server = mockServer({
    'GET /api/antiforgery': () => json(200, ANTIFORGERY),
    [`GET ${API}/staff/session`]: () => json(200, staffSignedIn(owner)),
    [`GET ${API}/portal`]: () => json(200, { slug: 'demo', clinicName: 'Demo Family Clinic', defaultLanguage: 'en', timeZone: 'America/Toronto' }),
    [`GET ${API}/registration/id-types`]: () => json(200, idTypes()),
    [`GET ${M}/compose-defaults`]: () =>
      json(200, { allowReplies: allowRepliesAvailable, allowRepliesAvailable, subjectMaxLength: 200, bodyMaxLength: 10000 }),
    [LIST]: () => json(200, { items: [], offset: 0, limit: 25, hasMore: false }),
    ...routes,
  });
  renderWithI18n(<AdminApp />, adminMessages);
  return server;
}

describe('a bulk message', { timeout: 30_000 }, () => {
  it('counts the chosen group with the skipped and why, then sends the message to it and opens its progress', async () => {
    const { calls } = renderAdmin('/demo/admin/messages/bulk', {
      [`POST ${M}/bulk/preview`]: () =>
        json(200, { selected: 5, wouldSend: 2, skipped: 3, skippedNoPortalAccess: 1, skippedInactive: 1, skippedNoUsableContact: 1 }),
      [`POST ${M}/bulk`]: () => json(202, bulk({ state: 'queued', processed: 0, sent: 0 })),
      [`GET ${M}/bulk/${BULK}`]: () => json(200, bulk({ state: 'completed', processed: 3, sent: 2, skipped: 1 })),
      [recipientsUrl('sent')]: () => json(200, page([sent])),
      [recipientsUrl('skipped')]: () => json(200, page([skipped])),
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Bulk message' })).toBeTruthy();
    expect(await screen.findByText('No bulk message yet.')).toBeTruthy();
    await waitFor(() => expect(document.title).toBe('Bulk message – Demo Family Clinic'));
    expect(await axeViolations()).toEqual([]);

    fireEvent.change(screen.getByLabelText('Charts'), { target: { value: 'all' } });
    fireEvent.change(screen.getByLabelText('Portal access'), { target: { value: 'any' } });
    fireEvent.change(screen.getByLabelText('Born before (optional)'), { target: { value: '1960-01-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Count patients' }));
    expect(await screen.findByText('5 patients in the group: 2 will get the message, 3 will be skipped.')).toBeTruthy();
    expect(screen.getByText(/1 without portal access, 1 inactive, 1 without an address/)).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Subject'), { target: { value: 'Flu clinic' } });
    fireEvent.change(screen.getByLabelText('Message'), { target: { value: 'The flu clinic opens on Monday.' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Allow replies' }));
    fireEvent.click(screen.getByRole('button', { name: 'Send to the group' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Flu clinic' })).toBeTruthy();
    expect(window.location.pathname).toBe(`/demo/admin/messages/bulk/${BULK}`);
    const group = { q: null, status: 'all', portalAccess: 'any', bornBefore: '1960-01-01', bornOnOrAfter: null };
    expect(calls.find((call) => call.method === 'POST' && call.url === `${M}/bulk/preview`)!.json).toEqual({ group });
    expect(calls.find((call) => call.method === 'POST' && call.url === `${M}/bulk`)!.json).toEqual({
      group, subject: 'Flu clinic', body: 'The flu clinic opens on Monday.', allowReplies: false,
    });
  });

  it('cannot allow replies when the clinic does not accept them, and says why the server refused', async () => {
    renderAdmin(
      '/demo/admin/messages/bulk',
      { [`POST ${M}/bulk`]: () => problem(400, 'group_empty', 'No patient of the clinic is in this group.', { fieldCodes: { group: ['group_empty'] } }) },
      false,
    );
    const replies = (await screen.findByRole('checkbox', { name: 'Allow replies' })) as HTMLInputElement;
    await waitFor(() => expect(screen.getByText('The clinic does not accept replies to messages, so replies cannot be allowed.')).toBeTruthy());
    expect(replies.disabled).toBe(true);
    expect(replies.checked).toBe(false);

    fireEvent.click(screen.getByRole('button', { name: 'Send to the group' }));
    expect(await screen.findByText('Write a subject.')).toBeTruthy();
    expect(screen.getByText('Write the message.')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByLabelText('Subject'));

    fireEvent.change(screen.getByLabelText('Subject'), { target: { value: 'Flu clinic' } });
    fireEvent.change(screen.getByLabelText('Message'), { target: { value: 'Hello' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send to the group' }));
    expect((await screen.findByText('No patient is in this group. Change the filters.')).closest('[role="alert"]')).toBeTruthy();
    expect(window.location.pathname).toBe('/demo/admin/messages/bulk');
  });

  it('polls the progress while the job runs, lists the sent with their delivery and the skipped with the reason, and cancels', async () => {
    const { calls } = renderAdmin(`/demo/admin/messages/bulk/${BULK}`, {
      [`GET ${M}/bulk/${BULK}`]: [() => json(200, bulk()), () => json(200, bulk({ processed: 2, skipped: 1 }))],
      [recipientsUrl('sent')]: () => json(200, page([sent])),
      [recipientsUrl('skipped')]: () => json(200, page([skipped])),
      [`POST ${M}/bulk/${BULK}/cancel`]: () => json(200, bulk({ state: 'cancelled', processed: 2, skipped: 1, finishedAt: '2026-12-05T14:00:09Z' })),
    });
    expect(await screen.findByText('1 of 3 patients handled: 1 sent, 0 skipped.')).toBeTruthy();
    expect(await screen.findByText('2 of 3 patients handled: 1 sent, 1 skipped.', {}, { timeout: 5000 })).toBeTruthy();
    expect(screen.getByText('Sending')).toBeTruthy();

    const sentTable = await screen.findByRole('table', { name: 'Sent' });
    const sentRow = within(sentTable).getAllByRole('row')[1]!;
    expect(within(sentRow).getByRole('link', { name: 'Camille Tremblay' }).getAttribute('href')).toBe(`/demo/admin/messages/${CONVERSATION}`);
    expect(sentRow.textContent).toContain('Email to c•••@example.com: sent');
    const skippedRow = within(await screen.findByRole('table', { name: 'Skipped' })).getAllByRole('row')[1]!;
    expect(skippedRow.textContent).toContain('Louis Roy');
    expect(skippedRow.textContent).toContain('No address for the preferred channel');
    expect(await axeViolations()).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Cancel sending' }));
    expect(await screen.findByText(/Sending cancelled/)).toBeTruthy();
    expect(screen.getByText('Cancelled')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Cancel sending' })).toBeNull();
    expect(calls.filter((call) => call.method === 'POST' && call.url === `${M}/bulk/${BULK}/cancel`)).toHaveLength(1);
    const polls = calls.filter((call) => call.url === `${M}/bulk/${BULK}`).length;
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(calls.filter((call) => call.url === `${M}/bulk/${BULK}`).length).toBe(polls);
  });

  it('says when the bulk message had already finished before Cancel', async () => {
    renderAdmin(`/demo/admin/messages/bulk/${BULK}`, {
      [`GET ${M}/bulk/${BULK}`]: [() => json(200, bulk()), () => json(200, bulk({ state: 'completed', processed: 3, sent: 3 }))],
      [recipientsUrl('sent')]: () => json(200, page([sent])),
      [recipientsUrl('skipped')]: () => json(200, page([])),
      [`POST ${M}/bulk/${BULK}/cancel`]: () => problem(409, 'bulk_message_finished', 'This bulk message has already finished.'),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel sending' }));
    expect((await screen.findByText('This bulk message has already finished.')).closest('[role="alert"]')).toBeTruthy();
  });

  it('speaks French and passes axe', async () => {
    window.localStorage.setItem(STORAGE_KEY, 'fr');
    renderAdmin(`/demo/admin/messages/bulk/${BULK}`, {
      [`GET ${M}/bulk/${BULK}`]: () => json(200, bulk({ state: 'completed', processed: 3, sent: 2, skipped: 1 })),
      [recipientsUrl('sent')]: () => json(200, page([sent])),
      [recipientsUrl('skipped')]: () => json(200, page([skipped])),
    });
    expect(await screen.findByText('3 patients traités sur 3 : 2 envoyés, 1 ignorés.')).toBeTruthy();
    expect(screen.getByText('Terminé')).toBeTruthy();
    const skippedRow = within(await screen.findByRole('table', { name: 'Ignorés' })).getAllByRole('row')[1]!;
    expect(skippedRow.textContent).toContain('Aucune adresse pour le mode préféré');
    expect(within(await screen.findByRole('table', { name: 'Envoyés' })).getAllByRole('row')[1]!.textContent).toContain('Courriel à c•••@example.com : envoyé');
    expect(await axeViolations()).toEqual([]);
  });
});

describe('bulk message addresses', () => {
  it('name the bulk page and the progress page of a bulk message, apart from conversations', () => {
    expect(bulkPath('demo')).toBe('/demo/admin/messages/bulk');
    expect(bulkProgressPath('demo', BULK)).toBe(`/demo/admin/messages/bulk/${BULK}`);
    expect(parseAdminPath('/demo/admin/messages/bulk').route).toEqual({ area: 'clinic', slug: 'demo', page: 'messages/bulk' });
    expect(parseAdminPath(`/demo/admin/messages/bulk/${BULK}`).route).toEqual({ area: 'clinic', slug: 'demo', page: 'bulk', messagingId: BULK });
    expect(parseAdminPath(`/demo/admin/messages/${BULK}`).route).toEqual({ area: 'clinic', slug: 'demo', page: 'conversation', messagingId: BULK });
  });
});
