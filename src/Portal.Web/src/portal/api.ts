import { api, segment } from '../shared/api';

/** What anyone may know about a clinic's patient portal. */
export interface PublicPortal {
  slug: string;
  clinicName: string;
  defaultLanguage: string;
  portalEnabled: boolean;
  selfRegistrationEnabled: boolean;
  backgroundImageUrl: string | null;
}

export function getPublicPortal(slug: string, signal?: AbortSignal): Promise<PublicPortal> {
  return api.get<PublicPortal>(`/api/clinics/${segment(slug)}/portal`, { signal });
}
