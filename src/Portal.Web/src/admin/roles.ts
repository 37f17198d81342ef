import { msgKey } from '../shared/i18n/translate';
import type { StaffRole } from './api';

export const ROLE_KEYS: Record<StaffRole, string> = {
  owner: msgKey('role.owner'),
  admin: msgKey('role.admin'),
  staff: msgKey('role.staff'),
  operator: msgKey('role.operator'),
};

/** Owners and administrators ("managers") may change ID types, chart numbers and whether a patient is active. */
export function isClinicManager(role: StaffRole): boolean {
  return role === 'owner' || role === 'admin';
}
