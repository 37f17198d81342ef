import { useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey } from '../../shared/i18n/translate';
import type { Navigate } from '../../shared/useLocationPath';
import { PAGE_NAME_KEYS, PortalPage } from '../PortalPage';
import type { SectionPage as Section } from '../routes';

const EMPTY_KEYS: Record<Section, { empty: string; later: string }> = {
  messages: { empty: msgKey('portal.messages.empty'), later: msgKey('portal.messages.later') },
  appointments: { empty: msgKey('portal.appointments.empty'), later: msgKey('portal.appointments.later') },
  bills: { empty: msgKey('portal.bills.empty'), later: msgKey('portal.bills.later') },
};

interface Props {
  slug: string;
  clinicName: string;
  section: Section;
  navigate: Navigate;
}

/** A section the portal has no page of its own for says it holds nothing. */
export function SectionPage({ slug, clinicName, section, navigate }: Props) {
  const { t } = useI18n();
  return (
    <PortalPage slug={slug} clinicName={clinicName} title={t(PAGE_NAME_KEYS[section])} homeLink navigate={navigate}>
      <p className="portal-lead">{t(EMPTY_KEYS[section].empty)}</p>
      <p>{t(EMPTY_KEYS[section].later)}</p>
    </PortalPage>
  );
}
