/** The admin app's pages, from the path. admin.html is served at /admin/... and /{clinic}/admin/... */

import { PROVIDER_HOURS_PAGE, parseAppointmentSetup, type AppointmentSetupPage } from './appointmentSetup/setupRoutes';

export type ClinicPage =
  | 'settings/portal'
  | 'settings/id-types'
  | 'settings/sms-quiet-hours'
  | 'patients'
  | 'patients/new'
  /** Self-registrations waiting for staff (S3). */
  | 'patients/review'
  /** A patient's chart: /patients/{id}, /patients/{id}/portal, /patients/{id}/history. */
  | 'patient'
  | 'patient/edit'
  /** Messages: the inbox, a new message, the drafts; a conversation (/messages/{id}) and a draft (/messages/drafts/{id}). */
  | 'messages'
  | 'messages/new'
  | 'messages/drafts'
  /** A bulk message to a group (/messages/bulk) and its progress (/messages/bulk/{id}). */
  | 'messages/bulk'
  | 'bulk'
  | 'conversation'
  | 'draft'
  /** Appointments: the calendar (?view=day|week&date=&provider=), booking for a patient, one appointment (/appointments/{id}). */
  | 'appointments'
  | 'appointments/new'
  | 'appointment'
  /** Billing: invoices (?status=), a new one (?patient=), one invoice (/billing/invoices/{id}), the price list. */
  | 'billing/invoices'
  | 'billing/invoices/new'
  | 'billing/services'
  | 'invoice'
  /** Settings > Questionnaires: the library, import and pre-visit tasks; one questionnaire's preview (/settings/questionnaires/{id}?version=&language=). */
  | 'settings/questionnaires'
  | 'questionnaire'
  /** One submitted questionnaire response, read-only (/questionnaires/responses/{id}). */
  | 'questionnaire-response'
  /** Settings > Appointments (appointmentSetup/setupRoutes.ts). */
  | AppointmentSetupPage
  | 'notFound';
export type OperatorPage = 'clinics' | 'notifications' | 'notFound';

/** The tabs of a patient's chart, in their order. */
export const PATIENT_TABS = ['details', 'documents', 'portal', 'messages', 'questionnaires', 'history'] as const;
export type PatientTab = (typeof PATIENT_TABS)[number];

const OPERATOR_PAGES: readonly Exclude<OperatorPage, 'notFound'>[] = ['clinics', 'notifications'];

export type ClinicRoute = {
  area: 'clinic';
  slug: string;
  page: ClinicPage;
  /** For 'patient' and 'patient/edit'. */
  patientId?: string;
  /** For 'patient'. */
  tab?: PatientTab;
  /** For 'conversation', 'draft' and 'bulk'. */
  messagingId?: string;
  /** For 'appointment'. */
  appointmentId?: string;
  /** For 'invoice'. */
  invoiceId?: string;
  /** For 'questionnaire'. */
  questionnaireId?: string;
  /** For 'questionnaire-response'. */
  responseId?: string;
  /** For a provider's hours in Settings > Appointments. */
  providerId?: string;
};

export type AdminRoute = { area: 'setup' } | { area: 'operator'; page: OperatorPage } | ClinicRoute;

export interface ParsedPath {
  route: AdminRoute;
  /** Set when the address should be replaced by the page's own ("/demo/admin/" -> "/demo/admin/settings/portal"). */
  canonical: string | null;
}

/** The clinic pages that need nothing but their name. */
export type SimpleClinicPage = Exclude<
  ClinicPage,
  | 'notFound' | 'patient' | 'patient/edit' | 'conversation' | 'draft' | 'bulk' | 'appointment' | 'invoice'
  | 'questionnaire' | 'questionnaire-response' | typeof PROVIDER_HOURS_PAGE
>;

/** Every simple page, as its address names it. */
const SIMPLE_CLINIC_PAGES: readonly SimpleClinicPage[] = [
  'settings/portal',
  'settings/id-types',
  'settings/sms-quiet-hours',
  'settings/questionnaires',
  'patients',
  'patients/new',
  'patients/review',
  'messages',
  'messages/new',
  'messages/drafts',
  'messages/bulk',
  'appointments',
  'appointments/new',
  'billing/invoices',
  'billing/invoices/new',
  'billing/services',
];

export const clinicAdminPath = (slug: string, page: SimpleClinicPage) => `/${encodeURIComponent(slug)}/admin/${page}`;

/** A patient's chart, on one of its tabs; the Details tab is the chart's own address. */
export const patientPath = (slug: string, id: string, tab: PatientTab = 'details') =>
  `${clinicAdminPath(slug, 'patients')}/${encodeURIComponent(id)}${tab === 'details' ? '' : `/${tab}`}`;

export const patientEditPath = (slug: string, id: string) => `${patientPath(slug, id)}/edit`;

export const conversationAdminPath = (slug: string, id: string) => `${clinicAdminPath(slug, 'messages')}/${encodeURIComponent(id)}`;

export const draftPath = (slug: string, id: string) => `${clinicAdminPath(slug, 'messages/drafts')}/${encodeURIComponent(id)}`;

export const bulkPath = (slug: string) => clinicAdminPath(slug, 'messages/bulk');

export const bulkProgressPath = (slug: string, id: string) => `${bulkPath(slug)}/${encodeURIComponent(id)}`;

/** A new message, to a chosen patient when patientId is given (from the chart). */
export const composePath = (slug: string, patientId?: string) =>
  `${clinicAdminPath(slug, 'messages/new')}${patientId ? `?patient=${encodeURIComponent(patientId)}` : ''}`;

/** The staff calendar, one appointment, and booking for a patient (on a day, with a provider or patient chosen). */
export const appointmentsPath = (slug: string) => clinicAdminPath(slug, 'appointments');
export const appointmentPath = (slug: string, id: string) => `${appointmentsPath(slug)}/${encodeURIComponent(id)}`;
export const bookAppointmentPath = (slug: string, chosen: { date?: string | null; provider?: string | null; patient?: string | null } = {}) => {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(chosen)) {
    if (value) {
      params.set(name, value);
    }
  }
  const query = params.toString();
  return `${clinicAdminPath(slug, 'appointments/new')}${query ? `?${query}` : ''}`;
};

/** One invoice, and a new one (for a chosen patient when patientId is given, from the chart). */
export const invoicePath = (slug: string, id: string) => `${clinicAdminPath(slug, 'billing/invoices')}/${encodeURIComponent(id)}`;
export const newInvoicePath = (slug: string, patientId?: string) =>
  `${clinicAdminPath(slug, 'billing/invoices/new')}${patientId ? `?patient=${encodeURIComponent(patientId)}` : ''}`;

/** A questionnaire's preview, of a version and in a language when given. */
export const questionnairePreviewPath = (slug: string, id: string, versionId?: string | null, language?: 'en' | 'fr') => {
  const params = new URLSearchParams();
  if (versionId) {
    params.set('version', versionId);
  }
  if (language) {
    params.set('language', language);
  }
  const query = params.toString();
  return `${clinicAdminPath(slug, 'settings/questionnaires')}/${encodeURIComponent(id)}${query ? `?${query}` : ''}`;
};

export const questionnaireResponsePath = (slug: string, id: string) => `/${encodeURIComponent(slug)}/admin/questionnaires/responses/${encodeURIComponent(id)}`;

export const operatorPath = (page: Exclude<OperatorPage, 'notFound'>) => `/admin/${page}`;

export const SETUP_PATH = '/admin/setup';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
  const rest = parts.slice(2);
  const joined = rest.join('/');
  const clinic = (page: ClinicPage, extra: Partial<ClinicRoute> = {}, canonical: string | null = null): ParsedPath => ({
    route: { area: 'clinic', slug, page, ...extra },
    canonical,
  });
  if (joined === '' || joined === 'settings') {
    return clinic('settings/portal', {}, clinicAdminPath(slug, 'settings/portal'));
  }
  const simple = SIMPLE_CLINIC_PAGES.find((candidate) => candidate === joined);
  if (simple) {
    return clinic(simple);
  }
  if (rest[0] === 'patients' && rest[1] && rest.length <= 3) {
    const patientId = rest[1];
    const last = rest[2];
    if (last === undefined) {
      return clinic('patient', { patientId, tab: 'details' });
    }
    if (last === 'edit') {
      return clinic('patient/edit', { patientId });
    }
    if (last === 'details') {
      return clinic('patient', { patientId, tab: 'details' }, patientPath(slug, patientId));
    }
    const tab = PATIENT_TABS.find((candidate) => candidate === last);
    if (tab) {
      return clinic('patient', { patientId, tab });
    }
  }
  if (rest[0] === 'messages' && rest.length === 2 && rest[1]) {
    return clinic('conversation', { messagingId: rest[1] });
  }
  if (rest[0] === 'messages' && rest[1] === 'bulk' && rest.length === 3 && rest[2]) {
    return clinic('bulk', { messagingId: rest[2] });
  }
  if (rest[0] === 'messages' && rest[1] === 'drafts' && rest.length === 3 && rest[2]) {
    return clinic('draft', { messagingId: rest[2] });
  }
  // An appointment's id is a UUID: /appointments/providers and the like are no page.
  if (rest[0] === 'appointments' && rest.length === 2 && rest[1] && UUID.test(rest[1])) {
    return clinic('appointment', { appointmentId: rest[1] });
  }
  if (rest[0] === 'billing' && rest[1] === 'invoices' && rest.length === 3 && rest[2] && UUID.test(rest[2])) {
    return clinic('invoice', { invoiceId: rest[2] });
  }
  if (rest[0] === 'settings' && rest[1] === 'questionnaires' && rest.length === 3 && UUID.test(rest[2] ?? '')) {
    return clinic('questionnaire', { questionnaireId: rest[2] });
  }
  if (rest[0] === 'questionnaires' && rest[1] === 'responses' && rest.length === 3 && UUID.test(rest[2] ?? '')) {
    return clinic('questionnaire-response', { responseId: rest[2] });
  }
  const appointmentSetup = parseAppointmentSetup(rest);
  if (appointmentSetup) {
    return clinic(appointmentSetup.page, appointmentSetup.providerId ? { providerId: appointmentSetup.providerId } : {});
  }
  return clinic('notFound');
}
