import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { StaffProfile } from '../src/admin/api';
import { AdminApp } from '../src/admin/AdminApp';
import type { ConversationSummary, StaffConversation, StaffMessage } from '../src/admin/messaging/api';
import { adminMessages } from '../src/admin/messages';
import { STORAGE_KEY } from '../src/shared/i18n/language';
import { ANTIFORGERY, axeViolations, json, mockServer, problem, renderWithI18n, type Handler } from './helpers';
import { PATIENT_ID, idTypes, owner, patientChart, patientListItem, staffSignedIn } from './fixtures';

const API = '/api/clinics/demo';
const M = `${API}/messaging`;
const RASH = '0190f5a2-2222-7000-8000-000000000001';
const REQUEST = '0190f5a2-2222-7000-8000-0000000000aa';
const OLIVIA = '0190f5a2-4444-7000-8000-000000000001';
const FIRST_PAGE = `GET ${M}/conversations?status=all&offset=0&limit=25`;
const SEARCH = `GET ${API}/patients?q=tremblay&status=active&offset=0&limit=10`;

function requestMessage(overrides: Partial<StaffMessage['uploadRequest'] & object> = {}): StaffMessage {
  return {
    id: 'm-1', authorKind: 'staff', authorStaffId: OLIVIA, authorName: 'Olivia Owner',
    body: 'Please upload a photo of the rash on your arm.', sentAt: '2026-12-05T14:00:00Z', readAt: null, attachments: [], notifications: [],
    kind: 'upload_request',
    uploadRequest: { id: REQUEST, photosMax: 3, expiresAt: '2026-12-12T23:59:00Z', state: 'open', answeredAt: null, answerMessageId: null, ...overrides },
  };
}

function rashConversation(messages: StaffMessage[] = [requestMessage()]): StaffConversation {
  return {
    id: RASH, patient: { id: PATIENT_ID, displayName: 'Camille Tremblay' }, subject: 'Photo upload request', status: 'open', repliesAllowed: false,
    assignedTo: null, createdBy: { id: OLIVIA, displayName: 'Olivia Owner' }, createdAt: '2026-12-05T14:00:00Z', messages,
  };
}

function summary(overrides: Partial<ConversationSummary> = {}): ConversationSummary {
  return {
    id: RASH, patient: { id: PATIENT_ID, displayName: 'Camille Tremblay' }, subject: 'Photo upload request', status: 'open', repliesAllowed: false,
    assignedTo: null, createdAt: '2026-12-05T14:00:00Z', lastMessageAt: '2026-12-05T14:00:00Z', unreadReplies: 0, uploadRequestState: 'open', ...overrides,
  };
}

function answeredConversation(): StaffConversation {
  const photo = (n: number) => ({ documentId: `0190f5a2-5555-7000-8000-00000000000${n}`, title: `Photo upload request (${n}/2)`, type: 'photo', contentType: 'image/jpeg', length: 50_000 });
  return rashConversation([
    requestMessage({ state: 'answered', answeredAt: '2026-12-05T19:20:00Z', answerMessageId: 'm-2' }),
    {
      id: 'm-2', authorKind: 'patient', authorStaffId: null, authorName: 'Camille Tremblay', body: '2 photos sent.', sentAt: '2026-12-05T19:20:00Z',
      readAt: null, attachments: [photo(1), photo(2)], notifications: [], kind: 'photos', uploadRequest: null,
    },
  ]);
}

function renderAdmin(path: string, routes: Record<string, Handler | Handler[]>, profile: StaffProfile = owner) {
  window.history.replaceState(null, '', path);
  const server = mockServer({
    'GET /api/antiforgery': () => json(200, ANTIFORGERY),
    [`GET ${API}/staff/session`]: () => json(200, staffSignedIn(profile)),
    [`GET ${API}/portal`]: () => json(200, { slug: 'demo', clinicName: 'Demo Family Clinic', defaultLanguage: 'en', timeZone: 'America/Toronto' }),
    [`GET ${API}/registration/id-types`]: () => json(200, idTypes()),
    [`GET ${M}/staff`]: () => json(200, [{ id: OLIVIA, displayName: 'Olivia Owner' }]),
    [`GET ${M}/compose-defaults`]: () => json(200, { allowReplies: true, allowRepliesAvailable: true, subjectMaxLength: 200, bodyMaxLength: 10000 }),
    ...routes,
  });
  renderWithI18n(<AdminApp />, adminMessages);
  return server;
}

function inFrench() {
  window.localStorage.setItem(STORAGE_KEY, 'fr');
}

describe('asking for photos from the inbox', { timeout: 30_000 }, () => {
  it('chooses Ask for photos on New message, finds the patient, says what to photograph, how many and until when, and opens the conversation', async () => {
    const { calls } = renderAdmin('/demo/admin/messages', {
      [FIRST_PAGE]: () => json(200, { items: [], offset: 0, limit: 25, hasMore: false }),
      [SEARCH]: () => json(200, { items: [patientListItem()], offset: 0, limit: 10, hasMore: false, matchedBy: 'name' }),
      [`POST ${M}/upload-requests`]: () => json(201, rashConversation()),
      [`GET ${M}/conversations/${RASH}`]: () => json(200, rashConversation()),
    });
    fireEvent.click(await screen.findByRole('link', { name: 'New message' }));
    const message = (await screen.findByRole('radio', { name: 'A message' })) as HTMLInputElement;
    expect(message.checked).toBe(true);
    expect(screen.getByRole('group', { name: 'What to send' })).toBeTruthy();

    fireEvent.click(screen.getByRole('radio', { name: 'Ask for photos' }));
    expect(screen.getByRole('heading', { level: 2, name: 'Ask for photos' })).toBeTruthy();
    expect(screen.queryByRole('checkbox', { name: 'Allow replies' })).toBeNull();
    expect(screen.getByText('Choose the patient first.')).toBeTruthy();
    expect(await axeViolations()).toEqual([]);

    fireEvent.change(screen.getByRole('searchbox', { name: 'Find the patient' }), { target: { value: 'tremblay' } });
    fireEvent.keyDown(screen.getByRole('searchbox', { name: 'Find the patient' }), { key: 'Enter' });
    fireEvent.click(await screen.findByRole('button', { name: 'Choose Tremblay, Camille, born March 9, 1984' }));
    const what = screen.getByRole('textbox', { name: 'What to photograph' }) as HTMLTextAreaElement;
    expect(what.value).toBe('Please upload a photo of ');
    fireEvent.change(what, { target: { value: 'Please upload a photo of the rash on your arm.' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'How many photos' }), { target: { value: '3' } });
    fireEvent.change(screen.getByLabelText('Until'), { target: { value: '2099-01-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send upload request' }));
    expect(screen.getByLabelText('Until').getAttribute('aria-invalid')).toBe('true');
    expect(calls.some((call) => call.url === `${M}/upload-requests`)).toBe(false);

    const inAWeek = new Date();
    inAWeek.setDate(inAWeek.getDate() + 7);
    const day = `${inAWeek.getFullYear()}-${String(inAWeek.getMonth() + 1).padStart(2, '0')}-${String(inAWeek.getDate()).padStart(2, '0')}`;
    fireEvent.change(screen.getByLabelText('Until'), { target: { value: day } });
    fireEvent.click(screen.getByRole('button', { name: 'Send upload request' }));

    expect(await screen.findByText('Upload request sent.')).toBeTruthy();
    expect(window.location.pathname).toBe(`/demo/admin/messages/${RASH}`);
    expect(calls.find((call) => call.method === 'POST' && call.url === `${M}/upload-requests`)!.json).toEqual({
      patientId: PATIENT_ID,
      subject: 'Photo upload request',
      body: 'Please upload a photo of the rash on your arm.',
      photosMax: 3,
      expiresAt: new Date(`${day}T23:59:00`).toISOString(),
    });
    expect(calls.some((call) => call.method === 'POST' && call.url === `${M}/conversations`)).toBe(false);
  });

  it('from the chart’s New message keeps the chart’s patient, and says so when the server refuses the day, in French', async () => {
    inFrench();
    renderAdmin(`/demo/admin/messages/new?patient=${PATIENT_ID}`, {
      [`GET ${API}/patients/${PATIENT_ID}`]: () => json(200, patientChart()),
      [`POST ${M}/upload-requests`]: () => problem(400, 'expiry_out_of_range', 'The request must stay open at least an hour and at most 90 days.'),
    });
    fireEvent.click(await screen.findByRole('radio', { name: 'Demander des photos' }));
    expect(screen.getByRole('heading', { level: 2, name: 'Demander des photos' })).toBeTruthy();
    expect(screen.getByText('Camille Tremblay')).toBeTruthy();
    expect(screen.queryByRole('searchbox')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Changer de patient' })).toBeNull();
    expect(await axeViolations()).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Envoyer la demande de photos' }));

    expect((await screen.findByRole('alert')).textContent).toBe("Choisissez un jour d'aujourd'hui à 90 jours d'ici.");
    expect(window.location.pathname).toBe('/demo/admin/messages/new');
    expect(await axeViolations()).toEqual([]);
  });
});

describe('a photo request, staff side', { timeout: 30_000 }, () => {
  const CONVERSATION = `GET ${M}/conversations/${RASH}`;

  it('says an open request asks for up to 3 photos until its day', async () => {
    renderAdmin(`/demo/admin/messages/${RASH}`, { [CONVERSATION]: () => json(200, rashConversation()) });
    const facts = await screen.findByText('Photo request:');
    expect(facts.parentElement!.textContent).toBe(`Photo request: Open up to 3 photos, until December 12, 2026 at 6:59 p.m. EST.`);
    expect(screen.queryByRole('list', { name: 'Photos' })).toBeNull();
    expect(await axeViolations()).toEqual([]);
  });

  it('shows the photos an answered request received as thumbnails, for review at the visit, with the way to the chart’s documents', async () => {
    renderAdmin(`/demo/admin/messages/${RASH}`, { [CONVERSATION]: () => json(200, answeredConversation()) });
    const facts = await screen.findByText('Photo request:');
    expect(facts.parentElement!.textContent).toBe(`Photo request: Answered 2 photos received on December 5, 2026 at 2:20 p.m. EST.`);
    const gallery = screen.getByRole('list', { name: 'Photos' });
    const thumbnails = within(gallery).getAllByRole('img');
    expect(thumbnails.map((image) => image.getAttribute('alt'))).toEqual(['Thumbnail of Photo upload request (1/2)', 'Thumbnail of Photo upload request (2/2)']);
    expect(thumbnails[0]!.getAttribute('src')).toBe(`${API}/patients/${PATIENT_ID}/documents/0190f5a2-5555-7000-8000-000000000001/thumbnail`);
    expect(within(gallery).getByRole('link', { name: 'Download Photo upload request (2/2)' }).getAttribute('href')).toBe(
      `${API}/patients/${PATIENT_ID}/documents/0190f5a2-5555-7000-8000-000000000002/content`,
    );
    expect(screen.getByText('For review at the visit')).toBeTruthy();
    expect(screen.getByRole('link', { name: "See them in the chart's documents" }).getAttribute('href')).toBe(
      `/demo/admin/patients/${PATIENT_ID}/documents`,
    );
    expect(await axeViolations()).toEqual([]);
  });

  it('says in French that a request expired without photos', async () => {
    inFrench();
    renderAdmin(`/demo/admin/messages/${RASH}`, {
      [CONVERSATION]: [() => json(200, rashConversation([requestMessage({ state: 'expired' })]))],
    });
    const facts = await screen.findByText('Demande de photos :');
    expect(facts.parentElement!.textContent).toBe(
      `Demande de photos : Expirée aucune photo n'a été envoyée avant le 12 décembre 2026 à 18 h 59 HNE.`,
    );
    expect(await axeViolations()).toEqual([]);
  });

  it('marks photo requests in the inbox with where each stands', async () => {
    renderAdmin('/demo/admin/messages', {
      [FIRST_PAGE]: () =>
        json(200, {
          items: [summary({ uploadRequestState: 'answered', unreadReplies: 1 }), summary({ id: 'other', subject: 'Your lab results', uploadRequestState: null })],
          offset: 0, limit: 25, hasMore: false,
        }),
    });
    const table = await screen.findByRole('table', { name: 'All conversations' });
    const [photos, text] = within(table).getAllByRole('row').slice(1);
    expect(within(photos!).getByRole('rowheader').textContent).toBe('Photo upload requestPhoto request Answered1 unread reply');
    expect(within(text!).getByRole('rowheader').textContent).toBe('Your lab results');
    expect(await axeViolations()).toEqual([]);
  });

  it('marks photo requests in the inbox in French', async () => {
    inFrench();
    renderAdmin('/demo/admin/messages', {
      [FIRST_PAGE]: () => json(200, { items: [summary({ uploadRequestState: 'closed' })], offset: 0, limit: 25, hasMore: false }),
    });
    const table = await screen.findByRole('table', { name: 'Toutes les conversations' });
    expect(within(within(table).getAllByRole('row')[1]!).getByRole('rowheader').textContent).toBe('Photo upload requestDemande de photos Fermée');
    expect(await axeViolations()).toEqual([]);
  });
});
