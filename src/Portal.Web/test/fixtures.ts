import type { Job, PortalSettings, QueuedNotification, StaffProfile } from '../src/admin/api';

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

export const owner: StaffProfile = {
  id: 'u-1',
  email: 'owner@demo.test',
  displayName: 'Olivia Owner',
  role: 'owner',
  clinic: { slug: 'demo', name: 'Demo Family Clinic' },
};

export const operator: StaffProfile = {
  id: 'o-1',
  email: 'op@portal.test',
  displayName: 'Oscar Operator',
  role: 'operator',
  clinic: null,
};

export function job(overrides: Partial<Job> = {}): Job {
  return {
    name: 'notifications.dispatch',
    description: 'Sends queued email and SMS notifications, retrying failures with back-off.',
    schedule: 'every 00:00:05',
    state: 'normal',
    nextRunAt: '2026-03-01T14:30:05Z',
    previousRunAt: '2026-03-01T14:30:00Z',
    recentRuns: [
      { startedAt: '2026-03-01T14:30:00Z', durationMs: 850.4, outcome: 'succeeded', error: null, host: 'web-1', manual: false },
      { startedAt: '2026-03-01T14:29:55Z', durationMs: 4120, outcome: 'failed', error: 'The database could not be reached.', host: 'web-2', manual: true },
    ],
    ...overrides,
  };
}

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
