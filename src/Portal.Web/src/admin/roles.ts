import { msgKey } from '../shared/i18n/translate';
import type { StaffRole } from './api';

export const ROLE_KEYS: Record<StaffRole, string> = {
  owner: msgKey('role.owner'),
  admin: msgKey('role.admin'),
  staff: msgKey('role.staff'),
  operator: msgKey('role.operator'),
};
