/** The admin app's pages, from the path. admin.html is served at /admin/... and /{clinic}/admin/... */

export type ClinicPage = 'settings/portal' | 'notFound';
export type OperatorPage = 'clinics' | 'jobs' | 'notifications' | 'notFound';

const OPERATOR_PAGES: readonly Exclude<OperatorPage, 'notFound'>[] = ['clinics', 'jobs', 'notifications'];

export type AdminRoute =
  | { area: 'setup' }
  | { area: 'operator'; page: OperatorPage }
  | { area: 'clinic'; slug: string; page: ClinicPage };

export interface ParsedPath {
  route: AdminRoute;
  /** Set when the address should be replaced by the page's own ("/demo/admin/" -> "/demo/admin/settings/portal"). */
  canonical: string | null;
}

export const clinicAdminPath = (slug: string, page: Exclude<ClinicPage, 'notFound'>) =>
  `/${encodeURIComponent(slug)}/admin/${page}`;

export const operatorPath = (page: Exclude<OperatorPage, 'notFound'>) => `/admin/${page}`;

export const SETUP_PATH = '/admin/setup';

export function parseAdminPath(pathname: string): ParsedPath {
  const parts = pathname.split('/').filter(Boolean).map((part) => decodeURIComponent(part));
  if (parts[0] === 'admin') {
    const rest = parts.slice(1).join('/');
    if (rest === 'setup') {
      return { route: { area: 'setup' }, canonical: null };
    }
    if (rest === '') {
      return { route: { area: 'operator', page: 'clinics' }, canonical: operatorPath('clinics') };
    }
    const page = OPERATOR_PAGES.find((candidate) => candidate === rest);
    if (page) {
      return { route: { area: 'operator', page }, canonical: null };
    }
    return { route: { area: 'operator', page: 'notFound' }, canonical: null };
  }

  const slug = parts[0] ?? '';
  const rest = parts.slice(2).join('/');
  if (rest === '' || rest === 'settings') {
    return { route: { area: 'clinic', slug, page: 'settings/portal' }, canonical: clinicAdminPath(slug, 'settings/portal') };
  }
  if (rest === 'settings/portal') {
    return { route: { area: 'clinic', slug, page: 'settings/portal' }, canonical: null };
  }
  return { route: { area: 'clinic', slug, page: 'notFound' }, canonical: null };
}
