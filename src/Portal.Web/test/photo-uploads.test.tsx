import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { MyConversation, MyMessage } from '../src/portal/conversations/api';
import { patientProfile, patientSignedIn } from './fixtures';
import { axeViolations, json, problem, type Handler } from './helpers';
import { API, ME, inFrench, renderPortal } from './portal-helpers';

const RASH = '0190f5a2-2222-7000-8000-000000000001';
const REQUEST = '0190f5a2-2222-7000-8000-0000000000aa';
const OPEN = `GET ${API}/messages/${RASH}`;
const SEND = `POST ${API}/messages/${RASH}/upload-requests/${REQUEST}/photos`;

function requestMessage(state = 'open', photosMax = 2): MyMessage {
  return {
    id: 'm-1',
    fromClinic: true,
    authorName: 'Dr. Rivera',
    body: 'Please upload a photo of the rash on your arm.',
    sentAt: '2026-12-05T19:02:00Z',
    isNew: true,
    readByClinicAt: null,
    attachments: [],
    kind: 'upload_request',
    uploadRequest: { id: REQUEST, photosMax, expiresAt: '2026-12-12T23:59:00Z', state, answeredAt: null, answerMessageId: null },
  };
}

function conversation(messages: MyMessage[] = [requestMessage()]): MyConversation {
  return { id: RASH, subject: 'Photo of your rash', closed: false, canReply: false, messages };
}

function answered(): MyConversation {
  const photo = (n: number) => ({ documentId: `d-${n}`, title: `Photo of your rash (${n}/2)`, type: 'photo', contentType: 'image/jpeg', length: 50_000 });
  return conversation([
    requestMessage('answered'),
    {
      id: 'm-2', fromClinic: false, authorName: null, body: '2 photos sent.', sentAt: '2026-12-05T19:20:00Z', isNew: false, readByClinicAt: null,
      attachments: [photo(1), photo(2)], kind: 'photos', uploadRequest: null,
    },
  ]);
}

function renderRequest(routes: Record<string, Handler | Handler[]> = {}) {
  return renderPortal(`/demo/messages/${RASH}`, {
    [ME]: () => json(200, patientSignedIn(patientProfile())),
    [`GET ${API}/messages/unread`]: () => json(200, { unreadConversations: 1, unreadMessages: 1 }),
    [`GET ${API}/messages?offset=0&limit=20`]: () => json(200, { items: [], unreadConversations: 0, offset: 0, limit: 20, hasMore: false }),
    [OPEN]: () => json(200, conversation()),
    ...routes,
  });
}

const jpeg = (name: string) => new File([new Uint8Array([0xff, 0xd8, 0xff, 0xd9])], name, { type: 'image/jpeg' });

describe('a photo upload request, on the patient side', { timeout: 30_000 }, () => {
  beforeEach(() => {
    let next = 0;
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: vi.fn(() => `blob:preview-${(next += 1)}`), revokeObjectURL: vi.fn() }));
  });

  it('offers the camera, previews the photos, removes one, sends the rest, and axe finds nothing', async () => {
    const { calls } = renderRequest({ [SEND]: () => json(201, answered()) });
    const input = await screen.findByLabelText('Photos');
    expect(input.getAttribute('type')).toBe('file');
    expect(input.getAttribute('accept')).toBe('image/*');
    expect(input.getAttribute('capture')).toBe('environment');
    expect(input.hasAttribute('multiple')).toBe(true);
    expect(screen.getByText(/Take or choose up to 2 photos/)).toBeTruthy();
    expect(screen.queryByText(/not possible to reply/)).toBeNull();

    fireEvent.change(input, { target: { files: [jpeg('arm.jpg'), jpeg('blurry.jpg'), jpeg('close.jpg')] } });
    const previews = screen.getByRole('list', { name: 'Photos to send' });
    expect(within(previews).getAllByRole('img').map((img) => img.getAttribute('alt'))).toEqual(['arm.jpg', 'blurry.jpg', 'close.jpg']);
    expect(screen.getByText('Choose at most 2 photos.')).toBeTruthy();
    expect(await axeViolations()).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Remove blurry.jpg' }));
    expect(within(previews).getAllByRole('img').map((img) => img.getAttribute('alt'))).toEqual(['arm.jpg', 'close.jpg']);
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));

    expect(await screen.findByText('You sent 2 photos. The clinic will look at them at your visit.')).toBeTruthy();
    const sent = calls.find((call) => call.method === 'POST')!;
    const raw = await sent.body!.text();
    expect(raw.match(/name="photos"/g)).toHaveLength(2);
    expect(await screen.findByText('You sent 2 photos. The clinic will look at them at your visit.')).toBeTruthy();
    expect(screen.getByText('You sent the photos for this request.')).toBeTruthy();
    expect(screen.queryByLabelText('Photos')).toBeNull();
    expect(await axeViolations()).toEqual([]);
  });

  it('asks for a photo before sending, and says in words why the server refused', async () => {
    const { calls } = renderRequest({ [SEND]: () => problem(409, 'upload_request_expired', 'Expired.') });
    fireEvent.click(await screen.findByRole('button', { name: 'Send' }));
    expect(await screen.findByText('Choose at least one photo.')).toBeTruthy();
    expect(calls.some((call) => call.method === 'POST')).toBe(false);

    fireEvent.change(screen.getByLabelText('Photos'), { target: { files: [jpeg('arm.jpg')] } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByText('This request has expired. Ask the clinic for a new one.')).toBeTruthy();
  });

  it('shows an expired request without the form', async () => {
    renderRequest({ [OPEN]: () => json(200, conversation([requestMessage('expired')])) });
    expect(await screen.findByText(/This request expired on/)).toBeTruthy();
    expect(screen.queryByLabelText('Photos')).toBeNull();
  });

  it('speaks French and passes axe', async () => {
    inFrench();
    renderRequest();
    expect(await screen.findByRole('heading', { name: 'Envoyer des photos' })).toBeTruthy();
    expect(screen.getByText(/Prenez ou choisissez jusqu'à 2 photos/)).toBeTruthy();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Envoyer' })).toBeTruthy());
    expect(await axeViolations()).toEqual([]);
  });
});
