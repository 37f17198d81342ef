import { api, data, type Schema } from '../../shared/api';

/** The signed-in patient's conversations with the clinic. */

export type MyConversationList = Schema<'MyConversationList'>;
export type MyConversationItem = Schema<'MyConversationItem'>;
export type MyConversation = Schema<'MyConversation'>;
export type MyMessage = Schema<'MyMessage'>;
export type MyUnreadCount = Schema<'MyUnreadCount'>;
export type MyAttachment = Schema<'MessageAttachmentView'>;

/** How many conversations the Messages page asks for at a time. */
export const CONVERSATIONS_PAGE_SIZE = 20;

/** Every key starts with this one: opening a conversation or replying refreshes them all. */
export const messagesKeys = {
  all: (slug: string) => ['portal', slug, 'messages'],
  list: (slug: string) => ['portal', slug, 'messages', 'list'],
  unread: (slug: string) => ['portal', slug, 'messages', 'unread'],
  conversation: (slug: string, id: string) => ['portal', slug, 'messages', 'conversation', id],
};

export const messagesApi = {
  list: (slug: string, offset: number, signal?: AbortSignal) =>
    data(
      api.client.GET('/api/clinics/{clinic}/portal/messages', {
        params: { path: { clinic: slug }, query: { offset, limit: CONVERSATIONS_PAGE_SIZE } },
        signal,
      }),
    ),
  unread: (slug: string, signal?: AbortSignal) =>
    data(api.client.GET('/api/clinics/{clinic}/portal/messages/unread', { params: { path: { clinic: slug } }, signal })),
  conversation: (slug: string, id: string, signal?: AbortSignal) =>
    data(api.client.GET('/api/clinics/{clinic}/portal/messages/{id}', { params: { path: { clinic: slug, id } }, signal })),
  reply: (slug: string, id: string, body: string) =>
    data(api.client.POST('/api/clinics/{clinic}/portal/messages/{id}/replies', { params: { path: { clinic: slug, id } }, body: { body } })),
};

/** Where the patient opens a document the clinic sent in a conversation (inline for PDFs and images; add ?download=true to save it). */
export function attachmentUrl(slug: string, conversationId: string, documentId: string): string {
  return `/api/clinics/${encodeURIComponent(slug)}/portal/messages/${encodeURIComponent(conversationId)}/attachments/${encodeURIComponent(documentId)}`;
}
