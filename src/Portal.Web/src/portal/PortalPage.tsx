import type { ReactNode } from 'react';
import { useDocumentTitle, useI18n } from '../shared/i18n/I18nProvider';
import { msgKey } from '../shared/i18n/translate';
import { followLink, type Navigate } from '../shared/useLocationPath';
import { portalPath, type InnerPage, type PortalPage as Page } from './routes';

/** The name of each page, as its link, heading and title say it. */
export const PAGE_NAME_KEYS: Record<Exclude<Page, InnerPage>, string> = {
  home: msgKey('portal.page.home'),
  messages: msgKey('portal.page.messages'),
  appointments: msgKey('portal.page.appointments'),
  bills: msgKey('portal.page.bills'),
  'my-information': msgKey('portal.page.myInformation'),
  sessions: msgKey('portal.page.sessions'),
};

interface Props {
  slug: string;
  clinicName: string;
  /** The page's name in the browser's title bar ("Messages – Demo Family Clinic"). */
  title: string;
  /** The page's heading; the title when not given. */
  heading?: string;
  /** Pages other than the home page link back to it. */
  homeLink: boolean;
  navigate: Navigate;
  children: ReactNode;
}

/** A signed-in page: a link back to the home page, the heading (focused when the page is reached), the content. */
export function PortalPage({ slug, clinicName, title, heading, homeLink, navigate, children }: Props) {
  const { t } = useI18n();
  useDocumentTitle(t('portal.pageTitle.page', { page: title, clinic: clinicName }));
  return (
    <>
      {homeLink && (
        <p className="portal-back">
          <a href={portalPath(slug)} onClick={(event) => followLink(event, navigate)}>
            {t('portal.page.home')}
          </a>
        </p>
      )}
      <h2 tabIndex={-1}>{heading ?? title}</h2>
      {children}
    </>
  );
}

/** Keeps document.title in step for the pages the app shows itself (loading, errors). */
export function DocumentTitle({ title }: { title: string }) {
  useDocumentTitle(title);
  return null;
}
