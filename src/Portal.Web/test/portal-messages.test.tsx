import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { MyConversation, MyConversationItem, MyConversationList } from '../src/portal/conversations/api';
import { patientProfile, patientSignedIn } from './fixtures';
import { axeViolations, json, problem, type Handler } from './helpers';
import { API, ME, inFrench, renderPortal } from './portal-helpers';

const LAB = '0190f5a2-1111-7000-8000-000000000001';
const FLU = '0190f5a2-1111-7000-8000-000000000002';
const OLD = '0190f5a2-1111-7000-8000-000000000003';
const LIST = `GET ${API}/messages?offset=0&limit=20`;
const UNREAD = `GET ${API}/messages/unread`;
const OPEN_LAB = `GET ${API}/messages/${LAB}`;
const REPLY_LAB = `POST ${API}/messages/${LAB}/replies`;

function item(overrides: Partial<MyConversationItem> = {}): MyConversationItem {
  return { id: LAB, subject: 'Your lab results', closed: false, canReply: true, unreadMessages: 0, lastMessageAt: '2026-12-05T19:02:00Z', ...overrides };
}

/** The server's order: conversations with new messages first, then by last activity. */
function conversations(): MyConversationList {
  return {
    items: [
      item({ id: LAB, subject: 'Your lab results', unreadMessages: 2 }),
      item({ id: FLU, subject: 'Flu clinic', unreadMessages: 0, lastMessageAt: '2026-12-04T15:00:00Z' }),
      item({ id: OLD, subject: 'Welcome to the portal', unreadMessages: 0, closed: true, canReply: false, lastMessageAt: '2026-11-01T15:00:00Z' }),
    ],
    unreadConversations: 1,
    offset: 0,
    limit: 20,
    hasMore: false,
  };
}

function conversation(overrides: Partial<MyConversation> = {}): MyConversation {
  return {
    id: LAB,
    subject: 'Your lab results',
    closed: false,
    canReply: true,
    messages: [
      {
        id: 'm-1',
        fromClinic: true,
        authorName: 'Dr. Rivera',
        body: 'Your results are in.\nSee https://example.org/guide. Call us.',
        sentAt: '2026-12-05T19:02:00Z',
        isNew: true,
        readByClinicAt: null,
        attachments: [],
        kind: 'text',
        uploadRequest: null,
      },
    ],
    ...overrides,
  };
}

function renderSignedIn(path: string, routes: Record<string, Handler | Handler[]> = {}) {
  return renderPortal(path, {
    [ME]: () => json(200, patientSignedIn(patientProfile())),
    [UNREAD]: () => json(200, { unreadConversations: 1, unreadMessages: 2 }),
    [LIST]: () => json(200, conversations()),
    [OPEN_LAB]: () => json(200, conversation()),
    ...routes,
  });
}

describe('the Messages page', { timeout: 30_000 }, () => {
  it('lists conversations with new messages first, marked in words, and the earlier ones below', async () => {
    renderSignedIn('/demo/messages');
    const fresh = await screen.findByRole('region', { name: 'New messages' });
    const earlier = screen.getByRole('region', { name: 'Earlier messages' });
    expect(within(fresh).getAllByRole('link').map((link) => link.textContent)).toEqual(['Your lab results 2 new messages']);
    expect(within(fresh).getByRole('link').getAttribute('href')).toBe(`/demo/messages/${LAB}`);
    expect(within(earlier).getAllByRole('link').map((link) => link.textContent)).toEqual(['Flu clinic', 'Welcome to the portal']);
    expect(fresh.compareDocumentPosition(earlier) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(within(earlier).getByText(/Closed/)).toBeTruthy();
    expect(screen.getByText('You have 1 conversation with new messages.')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Home' }).getAttribute('href')).toBe('/demo/');
    await waitFor(() => expect(document.title).toBe('Messages – Demo Family Clinic'));
    expect(await axeViolations()).toEqual([]);
  });

  it('says when there is nothing yet', async () => {
    renderSignedIn('/demo/messages', { [LIST]: () => json(200, { ...conversations(), items: [], unreadConversations: 0 }) });
    expect(await screen.findByText('You have no messages.')).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'New messages' })).toBeNull();
  });

  it('speaks French and passes axe', async () => {
    inFrench();
    renderSignedIn('/demo/messages');
    const fresh = await screen.findByRole('region', { name: 'Nouveaux messages' });
    expect(within(fresh).getByRole('link').textContent).toBe('Your lab results 2 nouveaux messages');
    expect(screen.getByRole('region', { name: 'Messages précédents' })).toBeTruthy();
    expect(screen.getByText('Vous avez 1 conversation avec de nouveaux messages.')).toBeTruthy();
    expect(await axeViolations()).toEqual([]);
  });

  it('shows the unread count on the home page’s Messages link', async () => {
    renderSignedIn('/demo/');
    const nav = await screen.findByRole('navigation', { name: 'Your portal' });
    await waitFor(() => expect(within(nav).getByRole('link', { name: 'Messages 2 new' }).getAttribute('href')).toBe('/demo/messages'));
    expect(await axeViolations()).toEqual([]);
  });
});

describe('a conversation', { timeout: 30_000 }, () => {
  it('shows each message with its author and time, and goes back to Messages', async () => {
    renderSignedIn(`/demo/messages/${LAB}`);
    expect(await screen.findByRole('heading', { level: 2, name: 'Your lab results' })).toBeTruthy();
    const thread = screen.getByRole('list', { name: 'Messages in this conversation' });
    const [first] = within(thread).getAllByRole('listitem');
    expect(first!.textContent).toContain('Dr. Rivera, Demo Family Clinic');
    expect(first!.textContent).toContain('New');
    expect(first!.querySelector('time')!.getAttribute('datetime')).toBe('2026-12-05T19:02:00Z');
    const back = screen.getByRole('link', { name: 'Back to Messages' });
    expect(back.getAttribute('href')).toBe('/demo/messages');
    await waitFor(() => expect(document.title).toBe('Your lab results – Demo Family Clinic'));
    expect(await axeViolations()).toEqual([]);

    fireEvent.click(back);
    expect(await screen.findByRole('region', { name: 'New messages' })).toBeTruthy();
  });

  it('renders the body as text: line breaks kept, http(s) addresses linked, markup shown as typed', async () => {
    const body = 'Hello <b>Camille</b>\n<script>alert(1)</script> see https://example.org/a?b=1, or javascript:alert(2) <img src=x onerror=alert(3)>';
    renderSignedIn(`/demo/messages/${LAB}`, {
      [OPEN_LAB]: () => json(200, conversation({ messages: [{ ...conversation().messages[0]!, body }] })),
    });
    await screen.findByRole('heading', { level: 2, name: 'Your lab results' });
    const text = document.querySelector('.message-text')!;
    expect(text.textContent).toContain('Hello <b>Camille</b>');
    expect(text.textContent).toContain('<script>alert(1)</script>');
    expect(text.querySelector('b, script, img')).toBeNull();
    expect(text.querySelectorAll('br')).toHaveLength(1);
    const links = within(text as HTMLElement).getAllByRole('link');
    expect(links).toHaveLength(1);
    expect(links[0]!.getAttribute('href')).toBe('https://example.org/a?b=1');
    expect(links[0]!.getAttribute('target')).toBe('_blank');
    expect(links[0]!.getAttribute('rel')).toBe('noopener noreferrer');
    expect(links[0]!.textContent).toBe('https://example.org/a?b=1 (opens in a new tab)');
  });

  it('offers the reply box with Submit and sends the reply', async () => {
    const replied = conversation({
      messages: [
        { ...conversation().messages[0]!, isNew: false },
        { id: 'm-2', fromClinic: false, authorName: null, body: 'Thank you!', sentAt: '2026-12-05T19:10:00Z', isNew: false, readByClinicAt: null, attachments: [], kind: 'text', uploadRequest: null },
      ],
    });
    const { calls } = renderSignedIn(`/demo/messages/${LAB}`, { [REPLY_LAB]: () => json(201, replied) });
    const box = await screen.findByRole('textbox', { name: 'Your reply' });

    fireEvent.click(screen.getByRole('button', { name: 'Submit' }));
    expect(await screen.findByText('Type your reply before you submit it.')).toBeTruthy();
    expect(box.getAttribute('aria-invalid')).toBe('true');
    expect(calls.some((call) => call.method === 'POST')).toBe(false);

    fireEvent.change(box, { target: { value: 'Thank you!' } });
    fireEvent.click(screen.getByRole('button', { name: 'Submit' }));
    expect(await screen.findByText('Your reply was sent.')).toBeTruthy();
    expect(calls.find((call) => call.method === 'POST' && call.url.endsWith('/replies'))!.json).toEqual({ body: 'Thank you!' });
    const items = within(screen.getByRole('list', { name: 'Messages in this conversation' })).getAllByRole('listitem');
    expect(items[1]!.textContent).toContain('You');
    expect(items[1]!.textContent).toContain('Thank you!');
    expect((screen.getByRole('textbox', { name: 'Your reply' }) as HTMLTextAreaElement).value).toBe('');
  });

  it('has no reply box when the conversation takes no replies, and says why', async () => {
    renderSignedIn(`/demo/messages/${LAB}`, { [OPEN_LAB]: () => json(200, conversation({ canReply: false })) });
    expect(await screen.findByText(/Replies to this message are not possible/)).toBeTruthy();
    expect(screen.queryByRole('textbox', { name: 'Your reply' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Submit' })).toBeNull();
  });

  it('says a closed conversation is closed, without a reply box', async () => {
    renderSignedIn(`/demo/messages/${LAB}`, { [OPEN_LAB]: () => json(200, conversation({ canReply: false, closed: true })) });
    expect(await screen.findByText('This conversation is closed. You cannot reply to it.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Submit' })).toBeNull();
  });

  it('announces why a reply was refused, and shows the conversation as it is now', async () => {
    renderSignedIn(`/demo/messages/${LAB}`, {
      [OPEN_LAB]: [() => json(200, conversation()), () => json(200, conversation({ canReply: false }))],
      [REPLY_LAB]: () => problem(409, 'replies_turned_off', 'The clinic no longer accepts replies to messages.'),
    });
    fireEvent.change(await screen.findByRole('textbox', { name: 'Your reply' }), { target: { value: 'Are you there?' } });
    fireEvent.click(screen.getByRole('button', { name: 'Submit' }));
    const alert = await screen.findByRole('alert');
    await waitFor(() => expect(alert.textContent).toBe('The clinic does not accept replies to messages at the moment.'));
    await waitFor(() => expect(screen.queryByRole('textbox', { name: 'Your reply' })).toBeNull());
    expect(screen.getByText(/Replies to this message are not possible/)).toBeTruthy();
  });

  it('says why a reply was refused in French, not in the server’s English', async () => {
    inFrench();
    renderSignedIn(`/demo/messages/${LAB}`, {
      [OPEN_LAB]: [() => json(200, conversation()), () => json(200, conversation({ canReply: false }))],
      [REPLY_LAB]: () => problem(409, 'conversation_closed', 'This conversation is closed.'),
    });
    fireEvent.change(await screen.findByRole('textbox', { name: 'Votre réponse' }), { target: { value: 'Allô?' } });
    fireEvent.click(screen.getByRole('button', { name: 'Soumettre' }));
    const alert = await screen.findByRole('alert');
    await waitFor(() => expect(alert.textContent).toBe('Cette conversation est fermée.'));
  });

  it('speaks French and passes axe', async () => {
    inFrench();
    renderSignedIn(`/demo/messages/${LAB}`);
    expect(await screen.findByRole('textbox', { name: 'Votre réponse' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Soumettre' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Retour aux messages' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Soumettre' }));
    expect(await screen.findByText('Tapez votre réponse avant de la soumettre.')).toBeTruthy();
    expect(await axeViolations()).toEqual([]);
  });

  it('says so when the conversation is not the patient’s', async () => {
    renderSignedIn(`/demo/messages/${FLU}`, {
      [`GET ${API}/messages/${FLU}`]: () => problem(404, 'conversation_not_found', 'There is no such conversation.'),
    });
    expect(await screen.findByText('This message was not found. It may have been sent to someone else.')).toBeTruthy();
  });
});

describe('attachments in a conversation', { timeout: 30_000 }, () => {
  const PDF = '0190f5a2-5555-7000-8000-000000000001';
  const PHOTO = '0190f5a2-5555-7000-8000-000000000002';
  const VIDEO = '0190f5a2-5555-7000-8000-000000000003';
  const attached = () =>
    conversation({
      messages: [
        {
          ...conversation().messages[0]!,
          attachments: [
            { documentId: PDF, title: 'CBC results', type: 'lab_result', contentType: 'application/pdf', length: 12_800 },
            { documentId: PHOTO, title: 'Rash, day 3', type: 'photo', contentType: 'image/jpeg', length: 850 },
            { documentId: VIDEO, title: 'How to use your inhaler', type: 'educational_video', contentType: 'video/mp4', length: 3_565_158 },
          ],
        },
      ],
    });
  const url = (id: string) => `${API}/messages/${LAB}/attachments/${id}`;

  it('shows images in place, opens PDFs in the browser, and offers every file for download with its kind and size', async () => {
    renderSignedIn(`/demo/messages/${LAB}`, { [OPEN_LAB]: () => json(200, attached()) });
    const list = await screen.findByRole('list', { name: 'Attachments' });
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(3);

    const view = within(items[0]!).getByRole('link', { name: 'View CBC results (opens in a new tab)' });
    expect(view.getAttribute('href')).toBe(url(PDF));
    expect(view.getAttribute('target')).toBe('_blank');
    expect(items[0]!.textContent).toContain('PDF document, 13 kB');
    expect(within(items[0]!).getByRole('link', { name: 'Download CBC results' }).getAttribute('href')).toBe(`${url(PDF)}?download=true`);

    const image = within(items[1]!).getByRole('img', { name: 'Rash, day 3' });
    expect(image.getAttribute('src')).toBe(url(PHOTO));
    expect(items[1]!.textContent).toContain('Image, 850 bytes');
    expect(within(items[1]!).getByRole('link', { name: 'Download Rash, day 3' })).toBeTruthy();

    expect(within(items[2]!).queryByRole('link', { name: /View/ })).toBeNull();
    expect(items[2]!.textContent).toContain('Video, 3.4 MB');
    const download = within(items[2]!).getByRole('link', { name: 'Download How to use your inhaler' });
    expect(download.hasAttribute('download')).toBe(true);
    expect(await axeViolations()).toEqual([]);
  });

  it('speaks French and passes axe', async () => {
    inFrench();
    renderSignedIn(`/demo/messages/${LAB}`, { [OPEN_LAB]: () => json(200, attached()) });
    const list = await screen.findByRole('list', { name: 'Pièces jointes' });
    expect(within(list).getByRole('link', { name: 'Afficher CBC results (s’ouvre dans un nouvel onglet)' })).toBeTruthy();
    expect(within(list).getByRole('link', { name: 'Télécharger CBC results' })).toBeTruthy();
    expect(list.textContent).toMatch(/Document PDF, 13\sko/);
    expect(list.textContent).toMatch(/Vidéo, 3,4\sMo/);
    expect(await axeViolations()).toEqual([]);
  });

  it('lists nothing under a message sent without attachments', async () => {
    renderSignedIn(`/demo/messages/${LAB}`);
    await screen.findByRole('textbox', { name: 'Your reply' });
    expect(screen.queryByRole('list', { name: 'Attachments' })).toBeNull();
  });
});
