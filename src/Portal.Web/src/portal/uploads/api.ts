import { api, data, type Schema } from '../../shared/api';

export type UploadRequest = Schema<'UploadRequestView'>;

/** The photos' form: one part named photos per photo; the browser sets the Content-Type and boundary. */
export function sendPhotos(slug: string, conversationId: string, requestId: string, photos: File[]) {
  const form = new FormData();
  for (const photo of photos) {
    form.append('photos', photo, photo.name);
  }
  return data(
    api.client.POST('/api/clinics/{clinic}/portal/messages/{conversationId}/upload-requests/{requestId}/photos', {
      params: { path: { clinic: slug, conversationId, requestId } },
      body: form as never,
    }),
  );
}

/** The largest photo the server takes. */
export const PHOTO_MAX_BYTES = 20 * 1024 * 1024;
