import { msgKey } from '../shared/i18n/translate';
import type { StaffRole } from './api';

export const ROLE_KEYS: Record<StaffRole, string> = {
  owner: msgKey('role.owner'),
  admin: msgKey('role.admin'),
  staff: msgKey('role.staff'),
  operator: msgKey('role.operator'),
};

/** The message key of a role; an unknown role is shown as plain staff. */
export function roleKey(role: string): string {
  return ROLE_KEYS[role as StaffRole] ?? ROLE_KEYS.staff;
}

/** Owners and administrators ("managers") may change ID types, chart numbers and whether a patient is active. */
export function isClinicManager(role: string): boolean {
  return role === 'owner' || role === 'admin';
}
