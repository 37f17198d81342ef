import type { PortalSettings, StaffProfile } from '../src/admin/api';

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
