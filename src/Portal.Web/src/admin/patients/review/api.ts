import { api, data, type Schema } from '../../../shared/api';

/** The self-registration review queue (S3): registrations waiting for staff, and their decisions. */

export type RegistrationQueue = Schema<'RegistrationQueue'>;
export type QueuedRegistration = Schema<'RegistrationQueueItem'>;
export type RegistrationReviewed = Schema<'RegistrationReviewed'>;

const params = (slug: string, id: string) => ({ path: { clinic: slug, id } });

export const reviewKeys = {
  queue: (slug: string) => ['clinic', slug, 'registrations', 'pending_review'] as const,
};

export const reviewApi = {
  pending: (slug: string, signal?: AbortSignal) =>
    data(api.client.GET('/api/clinics/{clinic}/registrations', { params: { path: { clinic: slug }, query: { status: 'pending_review' } }, signal })),
  accept: (slug: string, id: string) => data(api.client.POST('/api/clinics/{clinic}/registrations/{id}/accept', { params: params(slug, id) })),
  merge: (slug: string, id: string, patientId: string) =>
    data(api.client.POST('/api/clinics/{clinic}/registrations/{id}/merge', { params: params(slug, id), body: { patientId } })),
  reject: (slug: string, id: string, reason: string) =>
    data(api.client.POST('/api/clinics/{clinic}/registrations/{id}/reject', { params: params(slug, id), body: { reason } })),
};
