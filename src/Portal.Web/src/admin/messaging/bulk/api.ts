import { api, data, type Schema } from '../../../shared/api';

/** Bulk messages: one message to a group of patients, sent by a background job. */

export type BulkGroup = Schema<'BulkGroup'>;
export type BulkMessage = Schema<'BulkMessageView'>;
export type BulkPreview = Schema<'BulkMessagePreview'>;
export type BulkRecipient = Schema<'BulkRecipientView'>;
export type BulkRecipientPage = Schema<'BulkRecipientPage'>;
export type StartBulkMessage = Schema<'StartBulkMessageCommand'>;

export type BulkStatus = 'active' | 'inactive' | 'all';
export type BulkPortalAccess = 'yes' | 'no' | 'any';
export type RecipientState = 'sent' | 'skipped';

export const BULK_STATUSES: readonly BulkStatus[] = ['active', 'inactive', 'all'];
export const BULK_PORTAL_ACCESS: readonly BulkPortalAccess[] = ['yes', 'no', 'any'];

/** How many recipients a list asks for at a time. */
export const RECIPIENTS_PAGE_SIZE = 50;

/** How often the progress page asks again while the job runs. */
export const PROGRESS_POLL_MS = 1500;

export const isFinished = (state: string) => state === 'completed' || state === 'cancelled' || state === 'failed';

export const bulkKeys = {
  all: (slug: string) => ['clinic', slug, 'messaging', 'bulk'],
  one: (slug: string, id: string) => ['clinic', slug, 'messaging', 'bulk', id],
  recipients: (slug: string, id: string, state: RecipientState, offset: number) => ['clinic', slug, 'messaging', 'bulk', id, 'recipients', state, offset],
  preview: (slug: string, group: BulkGroup) => ['clinic', slug, 'messaging', 'bulk', 'preview', group],
};

const clinic = (slug: string) => ({ path: { clinic: slug } });
const bulk = (slug: string, id: string) => ({ path: { clinic: slug, id } });

export const bulkApi = {
  preview: (slug: string, group: BulkGroup, signal?: AbortSignal) =>
    data(api.client.POST('/api/clinics/{clinic}/messaging/bulk/preview', { params: clinic(slug), body: { group }, signal })),
  start: (slug: string, body: StartBulkMessage) => data(api.client.POST('/api/clinics/{clinic}/messaging/bulk', { params: clinic(slug), body })),
  get: (slug: string, id: string, signal?: AbortSignal) =>
    data(api.client.GET('/api/clinics/{clinic}/messaging/bulk/{id}', { params: bulk(slug, id), signal })),
  list: (slug: string, signal?: AbortSignal) =>
    data(api.client.GET('/api/clinics/{clinic}/messaging/bulk', { params: { ...clinic(slug), query: { offset: 0, limit: 25 } }, signal })),
  recipients: (slug: string, id: string, state: RecipientState, offset: number, signal?: AbortSignal) =>
    data(
      api.client.GET('/api/clinics/{clinic}/messaging/bulk/{id}/recipients', {
        params: { path: { clinic: slug, id }, query: { state, offset, limit: RECIPIENTS_PAGE_SIZE } },
        signal,
      }),
    ),
  cancel: (slug: string, id: string) => data(api.client.POST('/api/clinics/{clinic}/messaging/bulk/{id}/cancel', { params: bulk(slug, id) })),
};
