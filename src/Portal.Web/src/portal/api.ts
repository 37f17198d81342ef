import { api, data, type Schema } from '../shared/api';

/** What anyone may know about a clinic's patient portal. */
export type PublicPortal = Schema<'PublicPortalView'>;

export function getPublicPortal(slug: string, signal?: AbortSignal): Promise<PublicPortal> {
  return data(api.client.GET('/api/clinics/{clinic}/portal', { params: { path: { clinic: slug } }, signal }));
}
