import { clinicAdminPath } from '../routes';
import type { PatientStatus } from './api';

/** How many patients the list asks for at a time ("Show more" asks for the next as many). */
export const PAGE_SIZE = 25;

/** The longest search the server takes. */
export const MAX_QUERY_LENGTH = 100;

export const STATUSES: readonly PatientStatus[] = ['active', 'inactive', 'all'];

/** What the list shows, as kept in its address (?q=...&status=...) so that reload, Back and Forward keep it. */
export interface ListQuery {
  q: string;
  status: PatientStatus;
}

export const DEFAULT_QUERY: ListQuery = { q: '', status: 'active' };

/** The list's query from the address; anything unreadable falls back to the default. */
export function parseListQuery(search: string): ListQuery {
  const params = new URLSearchParams(search);
  const q = normalizeSearch(params.get('q') ?? '');
  const statusParam = params.get('status');
  const status = STATUSES.find((candidate) => candidate === statusParam) ?? DEFAULT_QUERY.status;
  return { q, status };
}

/** What is sent: trimmed, inner runs of spaces made one, at most as long as the server takes. */
export function normalizeSearch(text: string): string {
  return text.trim().replace(/\s+/g, ' ').slice(0, MAX_QUERY_LENGTH).trim();
}

/** The list's address; the defaults (no search, active patients) are left out. */
export function patientListPath(slug: string, query: ListQuery = DEFAULT_QUERY): string {
  const params = new URLSearchParams();
  const q = normalizeSearch(query.q);
  if (q) {
    params.set('q', q);
  }
  if (query.status !== DEFAULT_QUERY.status) {
    params.set('status', query.status);
  }
  const search = params.toString();
  return `${clinicAdminPath(slug, 'patients')}${search ? `?${search}` : ''}`;
}

export function sameQuery(a: ListQuery, b: ListQuery): boolean {
  return a.q === b.q && a.status === b.status;
}
