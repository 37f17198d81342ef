import { useQuery } from '@tanstack/react-query';
import { useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey } from '../../shared/i18n/translate';
import { followLink, type Navigate } from '../../shared/useLocationPath';
import type { PatientProfile } from '../account/api';
import { messagesApi, messagesKeys } from '../conversations/api';
import { PAGE_NAME_KEYS, PortalPage } from '../PortalPage';
import { SECTION_PAGES, portalPath, type InnerPage, type PortalPage as Page } from '../routes';

type LinkedPage = Exclude<Page, 'home' | InnerPage>;

const ABOUT_KEYS: Record<LinkedPage, string> = {
  messages: msgKey('portal.home.about.messages'),
  appointments: msgKey('portal.home.about.appointments'),
  bills: msgKey('portal.home.about.bills'),
  'my-information': msgKey('portal.home.about.myInformation'),
  sessions: msgKey('portal.home.about.sessions'),
};

/** The pages the home page links to: the sections the clinic offers, then the patient's own information and sessions. */
export function homeLinks(profile: PatientProfile): LinkedPage[] {
  return [...SECTION_PAGES.filter((section) => profile.sections.includes(section)), 'my-information', 'sessions'];
}

interface Props {
  slug: string;
  clinicName: string;
  profile: PatientProfile;
  navigate: Navigate;
}

/** The signed-in patient's home page: a welcome and the portal's pages. */
export function HomePage({ slug, clinicName, profile, navigate }: Props) {
  const { t } = useI18n();
  const offersMessages = profile.sections.includes('messages');
  // Only a count beside the link: without it the home page works as before.
  const unread = useQuery({
    queryKey: messagesKeys.unread(slug),
    queryFn: ({ signal }) => messagesApi.unread(slug, signal),
    enabled: offersMessages,
    staleTime: 0,
  }).data?.unreadMessages ?? 0;
  return (
    <PortalPage
      slug={slug}
      clinicName={clinicName}
      title={t('portal.page.home')}
      heading={t('portal.home.heading', { name: profile.displayName })}
      homeLink={false}
      navigate={navigate}
    >
      <nav aria-label={t('portal.home.nav')}>
        <ul className="portal-links">
          {homeLinks(profile).map((page) => (
            <li key={page}>
              <a
                href={portalPath(slug, page)}
                onClick={(event) => followLink(event, navigate)}
                aria-describedby={`home-about-${page}`}
              >
                {t(PAGE_NAME_KEYS[page])}
                {page === 'messages' && unread > 0 && (
                  <>
                    {' '}
                    <span className="portal-badge">
                      {unread === 1 ? t('portal.home.unread.one') : t('portal.home.unread.other', { count: unread })}
                    </span>
                  </>
                )}
              </a>
              <p className="help" id={`home-about-${page}`}>
                {t(ABOUT_KEYS[page])}
              </p>
            </li>
          ))}
        </ul>
      </nav>
    </PortalPage>
  );
}
