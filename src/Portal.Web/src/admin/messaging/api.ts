import { api, data, type Schema } from '../../shared/api';

/** Messaging, the staff side: the clinic inbox, conversations, new messages and drafts. */

export type ConversationSummary = Schema<'ConversationSummary'>;
export type ConversationPage = Schema<'ConversationPage'>;
export type StaffConversation = Schema<'StaffConversationView'>;
export type StaffMessage = Schema<'StaffMessageView'>;
export type StaffRef = Schema<'StaffRef'>;
export type ComposeDefaults = Schema<'ComposeDefaultsView'>;
export type ComposeMessage = Schema<'ComposeMessageCommand'>;
export type Draft = Schema<'DraftView'>;
export type CreateDraft = Schema<'CreateDraftCommand'>;
export type UpdateDraft = Schema<'UpdateDraftBody'>;
export type Attachment = Schema<'MessageAttachmentView'>;

export type InboxStatus = 'all' | 'open' | 'closed';

/** What the inbox shows, as its address keeps it (?status=open&unread=1&mine=1). */
export interface InboxFilter {
  status: InboxStatus;
  unread: boolean;
  mine: boolean;
}

/** How many conversations a list asks for at a time ("Show more" asks for as many again). */
export const CONVERSATIONS_PAGE_SIZE = 25;

/** TanStack Query keys; every one starts with messagingKeys.all, which a send or a change refreshes. */
export const messagingKeys = {
  all: (slug: string) => ['clinic', slug, 'messaging'],
  inbox: (slug: string, filter: InboxFilter) => ['clinic', slug, 'messaging', 'inbox', filter.status, filter.unread, filter.mine],
  patient: (slug: string, patientId: string) => ['clinic', slug, 'messaging', 'patient', patientId],
  conversation: (slug: string, id: string) => ['clinic', slug, 'messaging', 'conversation', id],
  drafts: (slug: string) => ['clinic', slug, 'messaging', 'drafts'],
  draft: (slug: string, id: string) => ['clinic', slug, 'messaging', 'drafts', id],
  staff: (slug: string) => ['clinic', slug, 'messaging', 'staff'],
  defaults: (slug: string) => ['clinic', slug, 'messaging', 'compose-defaults'],
};

const clinic = (slug: string) => ({ path: { clinic: slug } });
const conversation = (slug: string, id: string) => ({ path: { clinic: slug, id } });

export const messagingApi = {
  /** The query string in a fixed order: status, unread and mine (only when asked for), offset, limit. */
  inbox: (slug: string, filter: InboxFilter, offset: number, signal?: AbortSignal) =>
    data(
      api.client.GET('/api/clinics/{clinic}/messaging/conversations', {
        params: {
          ...clinic(slug),
          query: {
            status: filter.status,
            unread: filter.unread || undefined,
            mine: filter.mine || undefined,
            offset,
            limit: CONVERSATIONS_PAGE_SIZE,
          },
        },
        signal,
      }),
    ),
  patientConversations: (slug: string, patientId: string, offset: number, signal?: AbortSignal) =>
    data(
      api.client.GET('/api/clinics/{clinic}/messaging/patients/{patientId}/conversations', {
        params: { path: { clinic: slug, patientId }, query: { offset, limit: CONVERSATIONS_PAGE_SIZE } },
        signal,
      }),
    ),
  conversation: (slug: string, id: string, signal?: AbortSignal) =>
    data(api.client.GET('/api/clinics/{clinic}/messaging/conversations/{id}', { params: conversation(slug, id), signal })),
  reply: (slug: string, id: string, body: string, attachmentIds: string[] = []) =>
    data(api.client.POST('/api/clinics/{clinic}/messaging/conversations/{id}/messages', { params: conversation(slug, id), body: { body, attachmentIds } })),
  assign: (slug: string, id: string, staffId: string | null) =>
    data(api.client.PUT('/api/clinics/{clinic}/messaging/conversations/{id}/assignee', { params: conversation(slug, id), body: { staffId } })),
  setStatus: (slug: string, id: string, status: 'open' | 'closed') =>
    data(api.client.PUT('/api/clinics/{clinic}/messaging/conversations/{id}/status', { params: conversation(slug, id), body: { status } })),
  compose: (slug: string, body: ComposeMessage) =>
    data(api.client.POST('/api/clinics/{clinic}/messaging/conversations', { params: clinic(slug), body })),
  staff: (slug: string, signal?: AbortSignal) => data(api.client.GET('/api/clinics/{clinic}/messaging/staff', { params: clinic(slug), signal })),
  defaults: (slug: string, signal?: AbortSignal) =>
    data(api.client.GET('/api/clinics/{clinic}/messaging/compose-defaults', { params: clinic(slug), signal })),
  drafts: (slug: string, signal?: AbortSignal) => data(api.client.GET('/api/clinics/{clinic}/messaging/drafts', { params: clinic(slug), signal })),
  draft: (slug: string, id: string, signal?: AbortSignal) =>
    data(api.client.GET('/api/clinics/{clinic}/messaging/drafts/{id}', { params: conversation(slug, id), signal })),
  createDraft: (slug: string, body: CreateDraft) =>
    data(api.client.POST('/api/clinics/{clinic}/messaging/drafts', { params: clinic(slug), body })),
  updateDraft: (slug: string, id: string, body: UpdateDraft) =>
    data(api.client.PUT('/api/clinics/{clinic}/messaging/drafts/{id}', { params: conversation(slug, id), body })),
  deleteDraft: (slug: string, id: string) =>
    data(api.client.DELETE('/api/clinics/{clinic}/messaging/drafts/{id}', { params: conversation(slug, id) })),
  sendDraft: (slug: string, id: string) =>
    data(api.client.POST('/api/clinics/{clinic}/messaging/drafts/{id}/send', { params: conversation(slug, id) })),
};

export const INBOX_STATUSES: readonly InboxStatus[] = ['all', 'open', 'closed'];

export const DEFAULT_FILTER: InboxFilter = { status: 'all', unread: false, mine: false };

/** The inbox's filter from the address; anything unreadable falls back to the default. */
export function parseInboxFilter(search: string): InboxFilter {
  const params = new URLSearchParams(search);
  const status = INBOX_STATUSES.find((candidate) => candidate === params.get('status')) ?? DEFAULT_FILTER.status;
  return { status, unread: params.get('unread') === '1', mine: params.get('mine') === '1' };
}

/** The inbox's query string, the defaults left out ("" or "?status=open&unread=1"). */
export function inboxSearch(filter: InboxFilter): string {
  const params = new URLSearchParams();
  if (filter.status !== DEFAULT_FILTER.status) {
    params.set('status', filter.status);
  }
  if (filter.unread) {
    params.set('unread', '1');
  }
  if (filter.mine) {
    params.set('mine', '1');
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
