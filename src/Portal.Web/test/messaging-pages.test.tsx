import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { StaffProfile } from '../src/admin/api';
import { AdminApp } from '../src/admin/AdminApp';
import type { ComposeDefaults, ConversationSummary, Draft, StaffConversation } from '../src/admin/messaging/api';
import { adminMessages } from '../src/admin/messages';
import { STORAGE_KEY } from '../src/shared/i18n/language';
import { ANTIFORGERY, axeViolations, json, mockServer, noContent, problem, renderWithI18n, type Handler } from './helpers';
import { PATIENT_ID, idTypes, owner, patientChart, patientListItem, staffSignedIn } from './fixtures';

const API = '/api/clinics/demo';
const M = `${API}/messaging`;
const LAB = '0190f5a2-2222-7000-8000-000000000001';
const FLU = '0190f5a2-2222-7000-8000-000000000002';
const DRAFT = '0190f5a2-3333-7000-8000-000000000001';
const SAM = '0190f5a2-4444-7000-8000-000000000002';
const OLIVIA = '0190f5a2-4444-7000-8000-000000000001';
const inboxUrl = (query: string) => `GET ${M}/conversations?${query}`;
const FIRST_PAGE = inboxUrl('status=all&offset=0&limit=25');

function summary(overrides: Partial<ConversationSummary> = {}): ConversationSummary {
  return {
    id: LAB,
    patient: { id: PATIENT_ID, displayName: 'Camille Tremblay' },
    subject: 'Your lab results',
    status: 'open',
    repliesAllowed: true,
    assignedTo: null,
    createdAt: '2026-12-05T14:00:00Z',
    lastMessageAt: '2026-12-05T19:02:00Z',
    unreadReplies: 0,
    uploadRequestState: null,
    ...overrides,
  };
}

function page(items: ConversationSummary[], hasMore = false) {
  return { items, offset: 0, limit: 25, hasMore };
}

function conversation(overrides: Partial<StaffConversation> = {}): StaffConversation {
  return {
    id: LAB,
    patient: { id: PATIENT_ID, displayName: 'Camille Tremblay' },
    subject: 'Your lab results',
    status: 'open',
    repliesAllowed: true,
    assignedTo: null,
    createdBy: { id: OLIVIA, displayName: 'Olivia Owner' },
    createdAt: '2026-12-05T14:00:00Z',
    messages: [
      {
        id: 'm-1', authorKind: 'staff', authorStaffId: OLIVIA, authorName: 'Olivia Owner',
        body: 'Your results are in.', sentAt: '2026-12-05T14:00:00Z', readAt: '2026-12-05T19:02:00Z', attachments: [], notifications: [], kind: 'text', uploadRequest: null,
      },
      {
        id: 'm-2', authorKind: 'patient', authorStaffId: null, authorName: 'Camille Tremblay',
        body: 'Thank you! <b>Is it good?</b>', sentAt: '2026-12-05T19:05:00Z', readAt: null, attachments: [], notifications: [], kind: 'text', uploadRequest: null,
      },
      {
        id: 'm-3', authorKind: 'staff', authorStaffId: OLIVIA, authorName: 'Olivia Owner',
        body: 'Yes, see https://example.org/results.', sentAt: '2026-12-05T19:10:00Z', readAt: null, attachments: [], notifications: [], kind: 'text', uploadRequest: null,
      },
    ],
    ...overrides,
  };
}

const defaults = (overrides: Partial<ComposeDefaults> = {}): ComposeDefaults => ({
  allowReplies: true, allowRepliesAvailable: true, subjectMaxLength: 200, bodyMaxLength: 10000, ...overrides,
});

function draft(overrides: Partial<Draft> = {}): Draft {
  return {
    id: DRAFT, patient: { id: PATIENT_ID, displayName: 'Camille Tremblay' }, conversationId: null, subject: 'Flu shots',
    body: 'Flu shots are here.', allowReplies: false, createdAt: '2026-12-05T10:00:00Z', updatedAt: '2026-12-05T10:30:00Z', version: 2, attachments: [],
    ...overrides,
  };
}

const STAFF = [
  { id: OLIVIA, displayName: 'Olivia Owner' },
  { id: SAM, displayName: 'Sam Staff' },
];

function renderAdmin(path: string, routes: Record<string, Handler | Handler[]>, profile: StaffProfile = owner) {
  window.history.replaceState(null, '', path);
  const server = mockServer({
    'GET /api/antiforgery': () => json(200, ANTIFORGERY),
    [`GET ${API}/staff/session`]: () => json(200, staffSignedIn(profile)),
    [`GET ${API}/portal`]: () => json(200, { slug: 'demo', clinicName: 'Demo Family Clinic', defaultLanguage: 'en', timeZone: 'America/Toronto' }),
    [`GET ${API}/registration/id-types`]: () => json(200, idTypes()),
    [`GET ${M}/staff`]: () => json(200, STAFF),
    [`GET ${M}/compose-defaults`]: () => json(200, defaults()),
    ...routes,
  });
  renderWithI18n(<AdminApp />, adminMessages);
  return server;
}

function inFrench() {
  window.localStorage.setItem(STORAGE_KEY, 'fr');
}

const rowsOf = (table: HTMLElement) => within(table).getAllByRole('row').slice(1);

describe('the clinic inbox', { timeout: 30_000 }, () => {
  it('lists conversations in the server’s order, unread replies marked in words, with patient, activity and assignee', async () => {
    renderAdmin('/demo/admin/messages', {
      [FIRST_PAGE]: () =>
        json(200, page([
          summary({ unreadReplies: 2 }),
          summary({ id: FLU, subject: 'Flu clinic', status: 'closed', assignedTo: { id: SAM, displayName: 'Sam Staff' }, lastMessageAt: '2026-12-04T15:00:00Z' }),
        ])),
    });
    const table = await screen.findByRole('table', { name: 'All conversations' });
    expect(within(table).getAllByRole('columnheader').map((cell) => cell.textContent)).toEqual([
      'Subject', 'Patient', 'Last activity', 'Assigned to', 'Status',
    ]);
    const [first, second] = rowsOf(table);
    expect(within(first!).getByRole('link', { name: 'Your lab results' }).getAttribute('href')).toBe(`/demo/admin/messages/${LAB}`);
    expect(first!.textContent).toContain('2 unread replies');
    expect(first!.textContent).toContain('Camille Tremblay');
    expect(first!.textContent).toContain('December 5, 2026 at 2:02 p.m. EST');
    expect(first!.textContent).toContain('Unassigned');
    expect(first!.textContent).toContain('Open');
    expect(second!.textContent).not.toContain('unread');
    expect(second!.textContent).toContain('Sam Staff');
    expect(second!.textContent).toContain('Closed');
    expect(screen.getByText('2 conversations.')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Messages', current: 'page' }).getAttribute('href')).toBe('/demo/admin/messages');
    expect(screen.getByRole('link', { name: 'New message' }).getAttribute('href')).toBe('/demo/admin/messages/new');
    await waitFor(() => expect(document.title).toBe('Messages – Demo Family Clinic'));
    expect(await axeViolations()).toEqual([]);
  });

  it('sends the chosen filters to the server and keeps them in the address', async () => {
    const { calls } = renderAdmin('/demo/admin/messages', {
      [FIRST_PAGE]: () => json(200, page([summary()])),
      [inboxUrl('status=closed&unread=true&mine=true&offset=0&limit=25')]: () => json(200, page([])),
      [inboxUrl('status=open&offset=0&limit=25')]: () => json(200, page([summary({ unreadReplies: 1 })], true)),
      [inboxUrl('status=open&offset=1&limit=25')]: () => json(200, { ...page([summary({ id: FLU, subject: 'Flu clinic' })]), offset: 1 }),
    });
    await screen.findByRole('link', { name: 'Your lab results' });

    fireEvent.change(screen.getByRole('combobox', { name: 'Show' }), { target: { value: 'closed' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Only with unread replies' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Only assigned to me' }));
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    expect(await screen.findByText('No conversations match.')).toBeTruthy();
    expect(window.location.search).toBe('?status=closed&unread=1&mine=1');
    expect(screen.getByRole('heading', { level: 2, name: 'Closed conversations, with unread replies, assigned to me' })).toBeTruthy();

    fireEvent.change(screen.getByRole('combobox', { name: 'Show' }), { target: { value: 'open' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Only with unread replies' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Only assigned to me' }));
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    expect(await screen.findByText('1 conversations shown; there are more.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Show more conversations' }));
    const added = await screen.findByRole('link', { name: 'Flu clinic' });
    await waitFor(() => expect(document.activeElement).toBe(added));

    expect(calls.filter((call) => call.url.startsWith(`${M}/conversations?`)).map((call) => call.url)).toEqual([
      `${M}/conversations?status=all&offset=0&limit=25`,
      `${M}/conversations?status=closed&unread=true&mine=true&offset=0&limit=25`,
      `${M}/conversations?status=open&offset=0&limit=25`,
      `${M}/conversations?status=open&offset=1&limit=25`,
    ]);
  });

  it('speaks French and passes axe', async () => {
    inFrench();
    renderAdmin('/demo/admin/messages?unread=1', {
      [inboxUrl('status=all&unread=true&offset=0&limit=25')]: () => json(200, page([summary({ unreadReplies: 1 })])),
    });
    const table = await screen.findByRole('table', { name: 'Toutes les conversations, avec des réponses non lues' });
    expect(rowsOf(table)[0]!.textContent).toContain('1 réponse non lue');
    expect((screen.getByRole('checkbox', { name: 'Seulement celles avec des réponses non lues' }) as HTMLInputElement).checked).toBe(true);
    expect(screen.getByRole('link', { name: 'Nouveau message' })).toBeTruthy();
    expect(await axeViolations()).toEqual([]);
  });
});

describe('a conversation, staff side', { timeout: 30_000 }, () => {
  const VIEW = `GET ${M}/conversations/${LAB}`;

  it('shows each message with its author, the patient’s read receipt on the clinic’s messages, and bodies as text', async () => {
    renderAdmin(`/demo/admin/messages/${LAB}`, { [VIEW]: () => json(200, conversation()) });
    expect(await screen.findByRole('heading', { level: 1, name: 'Your lab results' })).toBeTruthy();
    const items = within(screen.getByRole('list', { name: 'Messages' })).getAllByRole('listitem');
    expect(items[0]!.textContent).toContain('Olivia Owner');
    expect(items[0]!.textContent).toContain('Read December 5, 2026 at 2:02 p.m. EST');
    expect(items[1]!.textContent).toContain('Camille Tremblay (patient)');
    expect(items[1]!.textContent).toContain('Thank you! <b>Is it good?</b>');
    expect(items[1]!.querySelector('b')).toBeNull();
    expect(items[1]!.textContent).not.toContain('Not read yet');
    expect(items[2]!.textContent).toContain('Not read yet');
    const link = within(items[2]!).getByRole('link');
    expect([link.getAttribute('href'), link.getAttribute('rel'), link.getAttribute('target')]).toEqual([
      'https://example.org/results', 'noopener noreferrer', '_blank',
    ]);
    expect(screen.getByRole('link', { name: 'Camille Tremblay' }).getAttribute('href')).toBe(`/demo/admin/patients/${PATIENT_ID}/messages`);
    await waitFor(() => expect(document.title).toBe('Your lab results – Messages – Demo Family Clinic'));
    expect(await axeViolations()).toEqual([]);
  });

  it('assigns to a staff member of the clinic, closes, and reopens', async () => {
    const { calls } = renderAdmin(`/demo/admin/messages/${LAB}`, {
      [VIEW]: () => json(200, conversation()),
      [`PUT ${M}/conversations/${LAB}/assignee`]: () => json(200, summary({ assignedTo: { id: SAM, displayName: 'Sam Staff' } })),
      [`PUT ${M}/conversations/${LAB}/status`]: [() => json(200, summary({ status: 'closed' })), () => json(200, summary({ status: 'open' }))],
    });
    const select = (await screen.findByRole('combobox', { name: 'Assigned to' })) as HTMLSelectElement;
    await screen.findByRole('option', { name: 'Sam Staff' });
    expect([...select.options].map((option) => option.textContent)).toEqual(['Unassigned', 'Olivia Owner', 'Sam Staff']);
    fireEvent.change(select, { target: { value: SAM } });
    fireEvent.click(screen.getByRole('button', { name: 'Assign' }));
    expect(await screen.findByText('Assigned to Sam Staff.')).toBeTruthy();
    expect(calls.find((call) => call.url.endsWith('/assignee'))!.json).toEqual({ staffId: SAM });

    fireEvent.click(screen.getByRole('button', { name: 'Close conversation' }));
    expect(await screen.findByText('Conversation closed. The patient can no longer reply.')).toBeTruthy();
    expect(calls.filter((call) => call.url.endsWith('/status'))[0]!.json).toEqual({ status: 'closed' });
    expect(screen.getByText('This conversation is closed. Reopen it to reply.')).toBeTruthy();
    expect(screen.queryByRole('textbox', { name: 'Message to Camille Tremblay' })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Reopen conversation' }));
    expect(await screen.findByText('Conversation reopened.')).toBeTruthy();
    expect(calls.filter((call) => call.url.endsWith('/status'))[1]!.json).toEqual({ status: 'open' });
    expect(screen.getByRole('textbox', { name: 'Message to Camille Tremblay' })).toBeTruthy();
  });

  it('sends a staff reply, and announces the server’s refusal', async () => {
    const { calls } = renderAdmin(`/demo/admin/messages/${LAB}`, {
      [VIEW]: () => json(200, conversation()),
      [`POST ${M}/conversations/${LAB}/messages`]: [
        () => json(201, conversation({ messages: [...conversation().messages, { ...conversation().messages[0]!, id: 'm-4', body: 'Anything else?' }] })),
        () => problem(409, 'conversation_closed', 'The conversation is closed; reopen it first.'),
      ],
    });
    const box = await screen.findByRole('textbox', { name: 'Message to Camille Tremblay' });
    fireEvent.change(box, { target: { value: 'Anything else?' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByText('Reply sent.')).toBeTruthy();
    expect(calls.find((call) => call.method === 'POST')!.json).toEqual({ body: 'Anything else?', attachmentIds: [] });
    expect(within(screen.getByRole('list', { name: 'Messages' })).getAllByRole('listitem')).toHaveLength(4);

    fireEvent.change(box, { target: { value: 'One more' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('The conversation is closed; reopen it first.'));
  });

  it('speaks French and passes axe', async () => {
    inFrench();
    renderAdmin(`/demo/admin/messages/${LAB}`, { [VIEW]: () => json(200, conversation()) });
    await screen.findByRole('heading', { level: 1, name: 'Your lab results' });
    expect(screen.getByText('Lu le 5 décembre 2026 à 14 h 02 HNE')).toBeTruthy();
    expect(screen.getByText('Pas encore lu')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Fermer la conversation' })).toBeTruthy();
    expect(await axeViolations()).toEqual([]);
  });
});

describe('a new message', { timeout: 30_000 }, () => {
  const SEARCH = `GET ${API}/patients?q=tremblay&status=active&offset=0&limit=10`;

  it('starts with Allow replies ticked, finds the patient with the patient search, and sends', async () => {
    const { calls } = renderAdmin('/demo/admin/messages', {
      [FIRST_PAGE]: () => json(200, page([])),
      [SEARCH]: () => json(200, { items: [patientListItem()], offset: 0, limit: 10, hasMore: false, matchedBy: 'name' }),
      [`POST ${M}/conversations`]: () => json(201, conversation({ messages: [conversation().messages[0]!] })),
      [`GET ${M}/conversations/${LAB}`]: () => json(200, conversation({ messages: [conversation().messages[0]!] })),
    });
    fireEvent.click(await screen.findByRole('link', { name: 'New message' }));
    const allow = (await screen.findByRole('checkbox', { name: 'Allow replies' })) as HTMLInputElement;
    expect(allow.checked).toBe(true);
    expect(allow.disabled).toBe(false);
    expect(await axeViolations()).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(screen.getByRole('alert').textContent).toBe('Check the messages next to the fields.');
    expect(screen.getByText('Choose the patient.')).toBeTruthy();
    expect(screen.getByText('Enter a subject.')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('searchbox', { name: 'Find the patient' }));
    expect(await axeViolations()).toEqual([]);

    fireEvent.change(screen.getByRole('searchbox', { name: 'Find the patient' }), { target: { value: ' tremblay ' } });
    fireEvent.keyDown(screen.getByRole('searchbox', { name: 'Find the patient' }), { key: 'Enter' });
    fireEvent.click(await screen.findByRole('button', { name: 'Choose Tremblay, Camille, born March 9, 1984' }));
    expect(screen.getByText('Camille Tremblay')).toBeTruthy();
    fireEvent.change(screen.getByRole('textbox', { name: 'Subject' }), { target: { value: 'Your lab results' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'Message' }), { target: { value: 'Your results are in.' } });
    fireEvent.click(allow);
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));

    expect(await screen.findByText('Message sent.')).toBeTruthy();
    expect(window.location.pathname).toBe(`/demo/admin/messages/${LAB}`);
    expect(calls.find((call) => call.method === 'POST' && call.url === `${M}/conversations`)!.json).toEqual({
      patientId: PATIENT_ID, subject: 'Your lab results', body: 'Your results are in.', allowReplies: false, attachmentIds: [],
    });
  });

  it('cannot allow replies when the clinic has turned replies off, in English and in French', async () => {
    renderAdmin('/demo/admin/messages/new', { [`GET ${M}/compose-defaults`]: () => json(200, defaults({ allowReplies: false, allowRepliesAvailable: false })) });
    const allow = (await screen.findByRole('checkbox', { name: 'Allow replies' })) as HTMLInputElement;
    expect(allow.checked).toBe(false);
    expect(allow.disabled).toBe(true);
    expect(screen.getByRole('checkbox', { name: 'Allow replies', description: /Patient replies are turned off for this clinic/ })).toBeTruthy();
  });

  it('speaks French, with Allow replies unticked and disabled when the clinic takes no replies', async () => {
    inFrench();
    renderAdmin('/demo/admin/messages/new', { [`GET ${M}/compose-defaults`]: () => json(200, defaults({ allowReplies: false, allowRepliesAvailable: false })) });
    const allow = (await screen.findByRole('checkbox', { name: 'Permettre les réponses' })) as HTMLInputElement;
    expect(allow.checked).toBe(false);
    expect(allow.disabled).toBe(true);
    expect(screen.getByRole('button', { name: 'Enregistrer comme brouillon' })).toBeTruthy();
    expect(await axeViolations()).toEqual([]);
  });

  it('keeps the message as a draft, then sends that draft', async () => {
    const { calls } = renderAdmin(`/demo/admin/messages/new?patient=${PATIENT_ID}`, {
      [`GET ${API}/patients/${PATIENT_ID}`]: () => json(200, patientChart()),
      [`POST ${M}/drafts`]: () => json(201, draft({ subject: 'Flu shots', body: 'Flu shots are here.', allowReplies: true, version: 1 })),
      [`PUT ${M}/drafts/${DRAFT}`]: () => json(200, draft({ allowReplies: true, version: 2 })),
      [`POST ${M}/drafts/${DRAFT}/send`]: () => json(201, conversation({ id: FLU, subject: 'Flu shots' })),
      [`GET ${M}/conversations/${FLU}`]: () => json(200, conversation({ id: FLU, subject: 'Flu shots' })),
    });
    expect(await screen.findByText('Camille Tremblay')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Change patient' })).toBeNull();
    fireEvent.change(screen.getByRole('textbox', { name: 'Subject' }), { target: { value: 'Flu shots' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'Message' }), { target: { value: 'Flu shots are here.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save as draft' }));
    expect(await screen.findByText('Draft saved. You can find it under Drafts.')).toBeTruthy();
    expect(calls.find((call) => call.method === 'POST' && call.url === `${M}/drafts`)!.json).toEqual({
      patientId: PATIENT_ID, conversationId: null, subject: 'Flu shots', body: 'Flu shots are here.', allowReplies: true, attachmentIds: [],
    });

    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Flu shots' })).toBeTruthy();
    expect(calls.find((call) => call.method === 'PUT')!.json).toEqual({ subject: 'Flu shots', body: 'Flu shots are here.', allowReplies: true, version: 1, attachmentIds: [] });
    expect(calls.some((call) => call.method === 'POST' && call.url === `${M}/drafts/${DRAFT}/send`)).toBe(true);
  });
});

describe('drafts', { timeout: 30_000 }, () => {
  it('lists the caller’s drafts and deletes one', async () => {
    const { calls } = renderAdmin('/demo/admin/messages/drafts', {
      [`GET ${M}/drafts`]: () => json(200, [draft()]),
      [`DELETE ${M}/drafts/${DRAFT}`]: () => noContent(),
    });
    const table = await screen.findByRole('table', { name: 'Drafts' });
    expect(rowsOf(table)[0]!.textContent).toContain('Camille Tremblay');
    expect(within(table).getByRole('link', { name: 'Flu shots' }).getAttribute('href')).toBe(`/demo/admin/messages/drafts/${DRAFT}`);
    expect(await axeViolations()).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Delete the draft “Flu shots” to Camille Tremblay' }));
    expect(await screen.findByText('Draft “Flu shots” deleted.')).toBeTruthy();
    expect(calls.some((call) => call.method === 'DELETE' && call.url === `${M}/drafts/${DRAFT}`)).toBe(true);
    expect(screen.queryByRole('table', { name: 'Drafts' })).toBeNull();
  });

  it('opens a draft with what was saved, its patient fixed', async () => {
    renderAdmin('/demo/admin/messages/drafts', {
      [`GET ${M}/drafts`]: () => json(200, [draft()]),
      [`GET ${M}/drafts/${DRAFT}`]: () => json(200, draft()),
    });
    fireEvent.click(await screen.findByRole('link', { name: 'Flu shots' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Draft' })).toBeTruthy();
    expect(((await screen.findByRole('textbox', { name: 'Message' })) as HTMLTextAreaElement).value).toBe('Flu shots are here.');
    expect((screen.getByRole('textbox', { name: 'Subject' }) as HTMLInputElement).value).toBe('Flu shots');
    expect((screen.getByRole('checkbox', { name: 'Allow replies' }) as HTMLInputElement).checked).toBe(false);
    expect(screen.getByText('Camille Tremblay')).toBeTruthy();
    expect(screen.queryByRole('searchbox', { name: 'Find the patient' })).toBeNull();
  });
});

describe('the chart’s Messages tab', { timeout: 30_000 }, () => {
  it('lists the patient’s conversations and starts a new message to them', async () => {
    renderAdmin(`/demo/admin/patients/${PATIENT_ID}/messages`, {
      [`GET ${API}/patients/${PATIENT_ID}`]: () => json(200, patientChart()),
      [`GET ${M}/patients/${PATIENT_ID}/conversations?offset=0&limit=25`]: () => json(200, page([summary({ unreadReplies: 1 })])),
    });
    const table = await screen.findByRole('table', { name: 'Messages' });
    expect(within(table).getAllByRole('columnheader').map((cell) => cell.textContent)).toEqual(['Subject', 'Last activity', 'Assigned to', 'Status']);
    expect(rowsOf(table)[0]!.textContent).toContain('1 unread reply');
    const tabs = screen.getByRole('navigation', { name: 'Chart of Camille Tremblay' });
    expect(within(tabs).getByRole('link', { name: 'Messages' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('link', { name: 'New message' }).getAttribute('href')).toBe(`/demo/admin/messages/new?patient=${PATIENT_ID}`);
    expect(await axeViolations()).toEqual([]);
  });

  it('says when there are none, in French', async () => {
    inFrench();
    renderAdmin(`/demo/admin/patients/${PATIENT_ID}/messages`, {
      [`GET ${API}/patients/${PATIENT_ID}`]: () => json(200, patientChart()),
      [`GET ${M}/patients/${PATIENT_ID}/conversations?offset=0&limit=25`]: () => json(200, page([])),
    });
    expect(await screen.findByText('Aucun message avec ce patient pour le moment.')).toBeTruthy();
    expect(await axeViolations()).toEqual([]);
  });
});

describe('attachments from the chart', { timeout: 30_000 }, () => {
  const DOC = '0190f5a2-5555-7000-8000-000000000001';
  const NEW_DOC = '0190f5a2-5555-7000-8000-000000000002';
  const DOCUMENTS = `${API}/patients/${PATIENT_ID}/documents`;
  const chartDocument = (id: string, title: string, size: number) => ({
    id, type: 'lab_result', title, date: '2026-11-20', source: 'LifeLabs', contentType: 'application/pdf', size, sha256: 'ab',
    addedAt: '2026-11-20T10:00:00Z', addedBy: 'Olivia Owner', downloadUrl: `${DOCUMENTS}/${id}/content`,
  });
  const attachment = { documentId: DOC, title: 'CBC results', type: 'lab_result', contentType: 'application/pdf', length: 12_800 };

  it('attaches a document of the patient’s chart to a new message and sends its id', async () => {
    const { calls } = renderAdmin(`/demo/admin/messages/new?patient=${PATIENT_ID}`, {
      [`GET ${API}/patients/${PATIENT_ID}`]: () => json(200, patientChart()),
      [`GET ${DOCUMENTS}`]: () => json(200, { items: [chartDocument(DOC, 'CBC results', 12_800)] }),
      [`POST ${M}/conversations`]: () => json(201, conversation({ messages: [{ ...conversation().messages[0]!, attachments: [attachment] }] })),
      [`GET ${M}/conversations/${LAB}`]: () => json(200, conversation({ messages: [{ ...conversation().messages[0]!, attachments: [attachment] }] })),
    });
    const attachments = await screen.findByRole('group', { name: 'Attachments' });
    expect(within(attachments).getByText('No attachments.')).toBeTruthy();
    const fromChart = within(attachments).getByRole('button', { name: 'Attach from chart' });
    expect(fromChart.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(fromChart);
    expect(fromChart.getAttribute('aria-expanded')).toBe('true');
    const box = (await within(attachments).findByRole('checkbox', { name: 'CBC results Lab result, 13 kB' })) as HTMLInputElement;
    expect(await axeViolations()).toEqual([]);
    fireEvent.click(box);
    expect(box.checked).toBe(true);
    expect(within(attachments).getByRole('button', { name: 'Remove CBC results' })).toBeTruthy();

    fireEvent.change(screen.getByRole('textbox', { name: 'Subject' }), { target: { value: 'Your lab results' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'Message' }), { target: { value: 'Your results are in.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByText('Message sent.')).toBeTruthy();
    expect(calls.find((call) => call.method === 'POST' && call.url === `${M}/conversations`)!.json).toEqual({
      patientId: PATIENT_ID, subject: 'Your lab results', body: 'Your results are in.', allowReplies: true, attachmentIds: [DOC],
    });
    const link = screen.getByRole('link', { name: 'Download CBC results' });
    expect(link.getAttribute('href')).toBe(`${DOCUMENTS}/${DOC}/content`);
    expect(link.hasAttribute('download')).toBe(true);
    expect(screen.getByText('Lab result, 13 kB')).toBeTruthy();
    expect(await axeViolations()).toEqual([]);
  });

  it('uploads a new document to the chart with type, title and date, then attaches it to a reply', async () => {
    const { calls } = renderAdmin(`/demo/admin/messages/${LAB}`, {
      [`GET ${M}/conversations/${LAB}`]: () => json(200, conversation()),
      [`POST ${DOCUMENTS}`]: () => json(201, chartDocument(NEW_DOC, 'Requisition', 850)),
      [`GET ${DOCUMENTS}`]: () => json(200, { items: [chartDocument(NEW_DOC, 'Requisition', 850)] }),
      [`POST ${M}/conversations/${LAB}/messages`]: () => json(201, conversation()),
    });
    const attachments = await screen.findByRole('group', { name: 'Attachments' });
    fireEvent.click(within(attachments).getByRole('button', { name: 'Upload to chart' }));
    const upload = within(attachments).getByRole('group', { name: 'Upload to chart' });
    fireEvent.click(within(upload).getByRole('button', { name: 'Upload and attach' }));
    expect(within(upload).getByText('Choose a file.')).toBeTruthy();
    expect(calls.some((call) => call.method === 'POST' && call.url === DOCUMENTS)).toBe(false);

    const file = new File(['%PDF-1.7 requisition'], 'requisition.pdf', { type: 'application/pdf' });
    fireEvent.change(within(upload).getByLabelText('File'), { target: { files: [file] } });
    fireEvent.change(within(upload).getByRole('combobox', { name: 'Type' }), { target: { value: 'lab_requisition' } });
    fireEvent.change(within(upload).getByRole('textbox', { name: 'Title' }), { target: { value: 'Requisition' } });
    fireEvent.change(within(upload).getByLabelText('Date'), { target: { value: '2026-12-01' } });
    fireEvent.click(within(upload).getByRole('button', { name: 'Upload and attach' }));
    expect(await within(attachments).findByRole('button', { name: 'Remove Requisition' })).toBeTruthy();
    const sent = calls.find((call) => call.method === 'POST' && call.url === DOCUMENTS)!;
    const form = await new Response(sent.body, { headers: { 'content-type': sent.headers['content-type']! } }).formData();
    expect([form.get('type'), form.get('title'), form.get('date')]).toEqual(['lab_requisition', 'Requisition', '2026-12-01']);
    expect(await axeViolations()).toEqual([]);

    fireEvent.change(screen.getByRole('textbox', { name: 'Message to Camille Tremblay' }), { target: { value: 'Please bring this.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByText('Reply sent.')).toBeTruthy();
    expect(calls.find((call) => call.url === `${M}/conversations/${LAB}/messages`)!.json).toEqual({ body: 'Please bring this.', attachmentIds: [NEW_DOC] });
  });

  it('counts a draft’s attachments in the list of drafts', async () => {
    renderAdmin('/demo/admin/messages/drafts', {
      [`GET ${M}/drafts`]: () => json(200, [draft({ attachments: [attachment, { ...attachment, documentId: NEW_DOC, title: 'Requisition' }] })]),
    });
    const row = (await screen.findByRole('row', { name: /Flu shots/ })) as HTMLElement;
    expect(row.textContent).toContain('2 attachments');
    expect(await axeViolations()).toEqual([]);
  });

  it('keeps a draft’s attachments when it is saved again, and speaks French', async () => {
    inFrench();
    const { calls } = renderAdmin(`/demo/admin/messages/drafts/${DRAFT}`, {
      [`GET ${M}/drafts/${DRAFT}`]: () => json(200, draft({ attachments: [attachment] })),
      [`PUT ${M}/drafts/${DRAFT}`]: () => json(200, draft({ attachments: [attachment], version: 3 })),
    });
    const attachments = await screen.findByRole('group', { name: 'Pièces jointes' });
    expect(within(attachments).getByRole('button', { name: 'Retirer CBC results' })).toBeTruthy();
    expect(within(attachments).getByRole('button', { name: 'Joindre depuis le dossier' })).toBeTruthy();
    expect(within(attachments).getByRole('button', { name: 'Téléverser dans le dossier' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer comme brouillon' }));
    await waitFor(() => expect(calls.some((call) => call.method === 'PUT')).toBe(true));
    expect(calls.find((call) => call.method === 'PUT')!.json).toMatchObject({ attachmentIds: [DOC] });
    expect(await axeViolations()).toEqual([]);
  });
});
