import type { PortalSettings, QueuedNotification, SmsQuietHours, StaffProfile } from '../src/admin/api';
import type { IdTypes, PatientChart, PatientListItem } from '../src/admin/patients/api';
import type { PatientInformation, PatientProfile, PatientSession } from '../src/portal/account/api';
import type { PublicPortal } from '../src/portal/api';
import type { SignInIdType } from '../src/portal/signIn/api';

export function portalSettings(overrides: Partial<PortalSettings> = {}): PortalSettings {
  return {
    portalEnabled: true,
    newPatientsGetAccess: false,
    selfRegistrationEnabled: true,
    patientRepliesEnabled: false,
    billingEnabled: false,
    extraSearchableIdsEnabled: true,
    backgroundImage: null,
    passcodeTimeoutMinutes: 4320,
    hiddenAppointmentStatuses: ['cancelled', 'no_show'],
    notificationSignIn: 'identifier_and_birth_date',
    registrationConsentEn: null,
    registrationConsentFr: null,
    version: 3,
    updatedAt: '2026-03-01T14:30:00Z',
    stripe: { configured: true, publishableKey: 'pk_test_abcdefghij12', secretKeyLast4: '1234', webhookSecretConfigured: false },
    choices: {
      passcodeTimeoutMinutes: [60, 240, 720, 1440, 2880, 4320, 7200, 10080],
      appointmentStatuses: ['requested', 'booked', 'confirmed', 'arrived', 'in_room', 'completed', 'cancelled', 'no_show', 'rescheduled', 'declined'],
      notificationSignIn: ['passcode_and_birth_date', 'identifier_and_birth_date'],
    },
    permissions: { canEdit: true, canEnablePortal: true, canManageStripe: true },
    ...overrides,
  };
}

/** GET /settings/sms-quiet-hours of a clinic in Toronto that has not set its own. */
export function smsQuietHours(overrides: Partial<SmsQuietHours> = {}): SmsQuietHours {
  return { startsAt: '21:00', endsAt: '08:00', timeZone: 'America/Toronto', isDefault: true, ...overrides };
}

export const owner: StaffProfile = {
  id: 'u-1',
  email: 'owner@demo.test',
  displayName: 'Olivia Owner',
  role: 'owner',
  clinic: { slug: 'demo', name: 'Demo Family Clinic' },
};

export const staffMember: StaffProfile = {
  id: 'u-2',
  email: 'sam@demo.test',
  displayName: 'Sam Staff',
  role: 'staff',
  clinic: { slug: 'demo', name: 'Demo Family Clinic' },
};

export const operator: StaffProfile = {
  id: 'o-1',
  email: 'op@portal.test',
  displayName: 'Oscar Operator',
  role: 'operator',
  clinic: null,
};

export function notification(overrides: Partial<QueuedNotification> = {}): QueuedNotification {
  return {
    id: '0f9c6a4e-1111-4a3b-9c1d-000000000001',
    clinicSlug: 'demo',
    clinicName: 'Demo Family Clinic',
    template: 'identity.staff-invitation',
    channel: 'email',
    recipient: 'j•••@example.org',
    state: 'failed',
    attempts: 5,
    maxAttempts: 5,
    lastError: 'The mail server refused the message.',
    providerStatus: null,
    createdAt: '2026-03-01T14:00:00Z',
    nextAttemptAt: '2026-03-01T14:40:00Z',
    sentAt: null,
    failedAt: '2026-03-01T14:40:00Z',
    ...overrides,
  };
}

/** The ID types as the server sends them: the 13 health cards (Ontario's with a version code) and one of the clinic's own. */
export function idTypes(overrides: Partial<IdTypes> = {}): IdTypes {
  const examples: Record<string, string> = {
    AB: '12345-6789', BC: '9123 456 789', MB: '123 456 789', NB: '123 456 789', NL: '123 456 789 012', NS: '1234 567 890',
    NT: 'N1234567', NU: '123 456 789', ON: '1234 567 890', PE: '1234 5678', QC: 'ABCD 1234 5678', SK: '123 456 789', YT: '123 456 789',
  };
  return {
    healthCards: Object.entries(examples).map(([code, example]) => ({ code, versionCode: code === 'ON' ? 'optional' : 'none', example })),
    clinicTypes: [{ code: 'MRN', nameEn: 'Hospital MRN', nameFr: "NDM de l'hôpital", searchable: true }],
    extraSearchableIdsEnabled: true,
    ...overrides,
  };
}

export const PATIENT_ID = '0190f5a2-7c1e-7d3a-9b2c-1234567890ab';

export function patientChart(overrides: Partial<PatientChart> = {}): PatientChart {
  return {
    id: PATIENT_ID,
    chartNumber: 'A-1001',
    legalGivenName: 'Camille',
    legalFamilyName: 'Tremblay',
    preferredName: 'Cam',
    dateOfBirth: '1984-03-09',
    sex: 'female',
    gender: null,
    address: { line1: '123 Main Street', line2: null, city: 'Ottawa', province: 'ON', postalCode: 'K1A 0B1', country: 'CA' },
    emails: ['camille@example.com'],
    mobiles: ['+16135550123'],
    preferredContactMethod: 'email',
    preferredLanguage: 'fr',
    identifiers: [
      { type: 'ON', number: '9876543217', versionCode: 'AB' },
      { type: 'MRN', number: 'H12345', versionCode: null },
    ],
    active: true,
    version: 3,
    createdAt: '2026-02-01T15:00:00Z',
    updatedAt: '2026-02-10T15:30:00Z',
    portal: {
      access: false,
      changedAt: '2026-02-05T14:00:00Z',
      changedBy: 'Olivia Owner',
      lastSignInAt: null,
      signInContacts: [
        { kind: 'email', value: 'camille@example.com' },
        { kind: 'mobile', value: '+16135550123' },
      ],
    },
    ...overrides,
  };
}

export function patientListItem(overrides: Partial<PatientListItem> = {}): PatientListItem {
  return {
    id: PATIENT_ID,
    chartNumber: 'A-1001',
    legalGivenName: 'Camille',
    legalFamilyName: 'Tremblay',
    preferredName: null,
    dateOfBirth: '1984-03-09',
    sex: 'female',
    primaryIdentifier: { type: 'ON', number: '9876543217', versionCode: 'AB' },
    email: 'camille@example.com',
    mobile: '+16135550123',
    active: true,
    portalAccess: false,
    ...overrides,
  };
}

/** The public facts of the demo clinic's portal, as GET /api/clinics/demo/portal sends them. */
export function publicPortal(overrides: Partial<PublicPortal> = {}): PublicPortal {
  return {
    slug: 'demo',
    clinicName: 'Demo Family Clinic',
    defaultLanguage: 'en',
    timeZone: 'America/Toronto',
    portalEnabled: true,
    selfRegistrationEnabled: false,
    backgroundImageUrl: '/api/clinics/demo/portal/background-images/img-1',
    registrationConsentEn: null,
    registrationConsentFr: null,
    ...overrides,
  };
}

/** GET /portal/sign-in/id-types: the 13 health cards, then one of the clinic's own types. */
export function signInIdTypes(): { idTypes: SignInIdType[] } {
  const cards = ['AB', 'BC', 'MB', 'NB', 'NL', 'NS', 'NT', 'NU', 'ON', 'PE', 'QC', 'SK', 'YT'].map((code) => ({
    code,
    isHealthCard: true,
    nameEn: null,
    nameFr: null,
  }));
  return {
    idTypes: [...cards, { code: 'MRN', isHealthCard: false, nameEn: 'Hospital record number', nameFr: 'Numéro de dossier hospitalier' }],
  };
}

export function patientProfile(overrides: Partial<PatientProfile> = {}): PatientProfile {
  return {
    displayName: 'Camille Tremblay',
    language: 'en',
    sections: ['messages', 'appointments', 'bills'],
    ...overrides,
  };
}

export function patientInformation(overrides: Partial<PatientInformation> = {}): PatientInformation {
  return {
    legalGivenName: 'Camille',
    legalFamilyName: 'Tremblay',
    preferredName: 'Cam',
    dateOfBirth: '1984-03-09',
    sex: 'female',
    gender: null,
    address: { line1: '123 Main Street', line2: 'Apt 4', city: 'Ottawa', province: 'ON', postalCode: 'K1A 0B1', country: 'CA' },
    emails: ['camille@example.com'],
    mobiles: ['+16135550123'],
    preferredContactMethod: 'both',
    preferredLanguage: 'en',
    identifiers: [
      { type: 'ON', number: '•••• ••• 217', versionCode: 'AB' },
      { type: 'MRN', number: '•••345', versionCode: null },
    ],
    version: 3,
    ...overrides,
  };
}

export const CURRENT_SESSION_ID = '0190f5a2-0000-7000-8000-000000000001';
export const OTHER_SESSION_ID = '0190f5a2-0000-7000-8000-000000000002';

/** GET /portal/me/sessions: this browser's session, then one on a phone. */
export function patientSessions(): { items: PatientSession[] } {
  return {
    items: [
      {
        id: CURRENT_SESSION_ID,
        createdAt: '2026-03-02T14:00:00Z',
        lastSeenAt: '2026-03-02T14:05:00Z',
        expiresAt: '2026-04-01T14:00:00Z',
        stayLoggedIn: true,
        current: true,
        device: 'Chrome on Linux',
      },
      {
        id: OTHER_SESSION_ID,
        createdAt: '2026-02-20T09:30:00Z',
        lastSeenAt: '2026-02-21T10:00:00Z',
        expiresAt: '2026-02-21T10:30:00Z',
        stayLoggedIn: false,
        current: false,
        device: 'Safari on iPhone',
      },
    ],
  };
}

/** GET /portal/session of a signed-in patient. */
export function patientSignedIn(profile: PatientProfile = patientProfile()) {
  return { signedIn: true, patient: profile };
}

/** GET /portal/session of a visitor nobody signed in. */
export const patientSignedOut = { signedIn: false, patient: null };

/** GET /staff/session and /operator/session of a signed-in person. */
export function staffSignedIn(profile: StaffProfile) {
  return { signedIn: true, signedInElsewhere: false, profile };
}

export const staffSignedOut = { signedIn: false, signedInElsewhere: false, profile: null };

/** Signed in, but with a session this page does not accept (another clinic's, or not an operator's). */
export const staffSignedInElsewhere = { signedIn: false, signedInElsewhere: true, profile: null };
