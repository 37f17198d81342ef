/** The patient portal's pages, from the path. portal.html is served at /{clinic}/ and everything under it. */

/** The pages a signed-in patient reaches from the home page, by their address under /{clinic}/. */
export const PORTAL_PAGES = ['messages', 'appointments', 'bills', 'my-information', 'sessions'] as const;

/**
 * 'conversation' is one of the patient's conversations, /{clinic}/messages/{id}; 'appointment' one of their
 * appointments, /{clinic}/appointments/{id}; 'new-appointment' the booking of one, /{clinic}/appointments/new;
 * 'change-appointment' moving one to another time, /{clinic}/appointments/{id}/change.
 */
export type PortalPage =
  | 'home'
  | (typeof PORTAL_PAGES)[number]
  | 'conversation'
  | 'appointment'
  | 'new-appointment'
  | 'change-appointment'
  | 'bill'
  | 'questionnaire'
  | 'visit'
  | 'provider-visit'
  | 'notFound';

/** The pages reached from another page rather than by their own name. */
export type InnerPage =
  | 'notFound'
  | 'conversation'
  | 'appointment'
  | 'new-appointment'
  | 'change-appointment'
  | 'bill'
  | 'questionnaire'
  | 'visit'
  | 'provider-visit';

/** The sections the server may offer (GET /portal/me answers which); each has its own page. */
export const SECTION_PAGES = ['messages', 'appointments', 'bills'] as const;
export type SectionPage = (typeof SECTION_PAGES)[number];

export interface PortalRoute {
  slug: string;
  /** A page, the page of a notification link (/{clinic}/m/{token}), or the registration page (/{clinic}/register), which signed-out people reach. */
  page: PortalPage | 'link' | 'register';
  /** The link page's token, from /{clinic}/m/{token}. */
  token?: string;
  /** For 'conversation'. */
  conversationId?: string;
  /** For 'appointment', 'change-appointment' and 'questionnaire'. */
  appointmentId?: string;
  /** For 'bill', /{clinic}/bills/{id}, where Stripe Checkout also sends the patient back. */
  billId?: string;
  /** For 'questionnaire': one of the appointment's pre-visit questionnaires. */
  questionnaireId?: string;
  /** For 'visit': a virtual visit's room, /{clinic}/visit/{room}, where the patient enters the access code. */
  roomId?: string;
  /** For 'questionnaire': one the clinic sent on its own, /{clinic}/questionnaires/{id}, linked from its message. */
  sentId?: string;
}

export interface ParsedPortalPath {
  /** Null when the path names no clinic. */
  route: PortalRoute | null;
  /** Set when the address should be replaced by the page's own ("/demo/home" -> "/demo/"). */
  canonical: string | null;
}

/** The address of a page: the home page is the clinic's own address, /{clinic}/. */
export function portalPath(slug: string, page: Exclude<PortalPage, InnerPage> = 'home'): string {
  const base = `/${encodeURIComponent(slug)}/`;
  return page === 'home' ? base : `${base}${page}`;
}

/** Self-registration (S3): /{clinic}/register. */
export const registerPath = (slug: string) => `${portalPath(slug)}register`;

/** One of the patient's conversations. */
export const conversationPath = (slug: string, id: string) => `${portalPath(slug, 'messages')}/${encodeURIComponent(id)}`;

/** One of the patient's appointments. */
export const appointmentPath = (slug: string, id: string) => `${portalPath(slug, 'appointments')}/${encodeURIComponent(id)}`;

/** One of the patient's bills. */
export const billPath = (slug: string, id: string) => `${portalPath(slug, 'bills')}/${encodeURIComponent(id)}`;

/** + New Appointment: choosing a type, a provider, a day and a time, then booking it. */
export const newAppointmentPath = (slug: string) => `${portalPath(slug, 'appointments')}/new`;

/** Change appointment time: choosing a new day and time for one of the patient's appointments. */
export const changeAppointmentPath = (slug: string, id: string) => `${appointmentPath(slug, id)}/change`;

/** One of the appointment's pre-visit questionnaires, to fill in or read once submitted. */
export const questionnairePath = (slug: string, appointmentId: string, questionnaireId: string) =>
  `${appointmentPath(slug, appointmentId)}/questionnaires/${encodeURIComponent(questionnaireId)}`;

/** A questionnaire the clinic sent on its own; its message links here. */
export const sentQuestionnairePath = (slug: string, id: string) => `${portalPath(slug)}questionnaires/${encodeURIComponent(id)}`;

export function parsePortalPath(pathname: string): ParsedPortalPath {
  const parts = pathname.split('/').filter(Boolean).map((part) => decodeURIComponent(part));
  const slug = parts[0];
  if (!slug) {
    return { route: null, canonical: null };
  }
  const rest = parts.slice(1);
  const route = (page: PortalRoute['page'], canonical: string | null = null): ParsedPortalPath => ({ route: { slug, page }, canonical });

  if (rest.length === 0) {
    // "/demo" and "/demo/" are both the home page; the latter is its address.
    return route('home', pathname.endsWith('/') ? null : portalPath(slug));
  }
  if (rest.length === 1 && rest[0] === 'home') {
    return route('home', portalPath(slug));
  }
  if (rest.length === 2 && rest[0] === 'm' && rest[1]) {
    // A notification link: /{clinic}/m/{token} (I2).
    return { route: { slug, page: 'link', token: rest[1] }, canonical: null };
  }
  if (rest.length === 1 && rest[0] === 'register') {
    return { route: { slug, page: 'register' }, canonical: pathname.endsWith('/') ? registerPath(slug) : null };
  }
  if (rest.length === 1) {
    const page = PORTAL_PAGES.find((candidate) => candidate === rest[0]);
    if (page) {
      return route(page, pathname.endsWith('/') ? portalPath(slug, page) : null);
    }
  }
  if (rest.length === 2 && rest[0] === 'messages' && rest[1]) {
    return { route: { slug, page: 'conversation', conversationId: rest[1] }, canonical: null };
  }
  if (rest.length === 2 && rest[0] === 'appointments' && rest[1]) {
    return rest[1] === 'new'
      ? route('new-appointment')
      : { route: { slug, page: 'appointment', appointmentId: rest[1] }, canonical: null };
  }
  if (rest.length === 2 && rest[0] === 'visit' && rest[1]) {
    return { route: { slug, page: 'visit', roomId: rest[1] }, canonical: null };
  }
  if (rest.length === 3 && rest[0] === 'visit' && rest[1] === 'provider' && rest[2]) {
    // The provider's side of an appointment's visit, opened from the admin app: only visit pages may use the camera.
    return { route: { slug, page: 'provider-visit', appointmentId: rest[2] }, canonical: null };
  }
  if (rest.length === 2 && rest[0] === 'bills' && rest[1]) {
    return { route: { slug, page: 'bill', billId: rest[1] }, canonical: null };
  }
  if (rest.length === 3 && rest[0] === 'appointments' && rest[1] && rest[1] !== 'new' && rest[2] === 'change') {
    return { route: { slug, page: 'change-appointment', appointmentId: rest[1] }, canonical: null };
  }
  if (rest.length === 2 && rest[0] === 'questionnaires' && rest[1]) {
    return { route: { slug, page: 'questionnaire', sentId: rest[1] }, canonical: null };
  }
  if (rest.length === 4 && rest[0] === 'appointments' && rest[1] && rest[1] !== 'new' && rest[2] === 'questionnaires' && rest[3]) {
    return { route: { slug, page: 'questionnaire', appointmentId: rest[1], questionnaireId: rest[3] }, canonical: null };
  }
  return route('notFound');
}

/**
 * Where a notification link leads once signed in: the target the server answered (such as
 * messages/{id}) when the portal has that page, else the home page.
 */
export function linkTargetPath(slug: string, target: string): string {
  const path = `${portalPath(slug)}${target.replace(/^\/+/, '')}`;
  const { route } = parsePortalPath(path);
  return route && route.slug === slug && !['notFound', 'link', 'register', 'visit', 'provider-visit'].includes(route.page) ? path : portalPath(slug);
}
