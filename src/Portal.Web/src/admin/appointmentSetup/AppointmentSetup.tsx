import type { Translate } from '../../shared/i18n/translate';
import type { Navigate } from '../../shared/useLocationPath';
import type { NavItem } from '../AdminShell';
import type { ClinicRoute } from '../routes';
import { BookingRulesPage } from './BookingRulesPage';
import { LocationsPage } from './LocationsPage';
import { ProviderHoursPage } from './ProviderHoursPage';
import { ProvidersPage } from './ProvidersPage';
import { RemindersPage } from './RemindersPage';
import { PROVIDER_HOURS_PAGE, appointmentSetupPath, type AppointmentSetupPage } from './setupRoutes';
import { TypesPage } from './TypesPage';

/** The Settings entries of the appointment set-up; reminders only for those who may change them. */
export function appointmentSetupNav(slug: string, page: string, canManage: boolean, t: Translate): NavItem[] {
  const item = (target: Parameters<typeof appointmentSetupPath>[1], label: string, current = page === target): NavItem => ({
    href: appointmentSetupPath(slug, target),
    label,
    current,
  });
  return [
    item('settings/appointments/providers', t('apptSetup.nav.providers'), page === 'settings/appointments/providers' || page === PROVIDER_HOURS_PAGE),
    item('settings/appointments/locations', t('apptSetup.nav.locations')),
    item('settings/appointments/types', t('apptSetup.nav.types')),
    item('settings/appointments/rules', t('apptSetup.nav.rules')),
    ...(canManage ? [item('settings/appointments/reminders', t('apptSetup.nav.reminders'))] : []),
  ];
}

interface Props {
  route: ClinicRoute & { page: AppointmentSetupPage };
  clinicName: string;
  canManage: boolean;
  navigate: Navigate;
  onSessionEnded(): void;
}

/** Settings > Appointments: the page the address names. */
export function AppointmentSetup({ route, clinicName, canManage, navigate, onSessionEnded }: Props) {
  const common = { slug: route.slug, clinicName, canManage, onSessionEnded };
  switch (route.page) {
    case 'settings/appointments/providers':
      return <ProvidersPage {...common} navigate={navigate} />;
    case 'settings/appointments/locations':
      return <LocationsPage {...common} />;
    case 'settings/appointments/types':
      return <TypesPage {...common} />;
    case 'settings/appointments/rules':
      return <BookingRulesPage {...common} />;
    case 'settings/appointments/reminders':
      return <RemindersPage {...common} />;
    case PROVIDER_HOURS_PAGE:
      return <ProviderHoursPage key={route.providerId} {...common} providerId={route.providerId ?? ''} navigate={navigate} />;
  }
}
