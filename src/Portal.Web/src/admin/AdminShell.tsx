import { useState, type ReactNode } from 'react';
import { ApiError } from '../shared/api';
import { errorMessage } from '../shared/errors';
import { api } from '../shared/api';
import { useI18n } from '../shared/i18n/I18nProvider';
import { LanguageSwitch } from '../shared/LanguageSwitch';
import { staffApi, type StaffProfile } from './api';
import { roleKey } from './roles';
import { followLink } from '../shared/useLocationPath';

export interface NavItem {
  href: string;
  label: string;
  current: boolean;
  /** A page the server serves, outside this app (the Hangfire Dashboard): followed as a plain link. */
  external?: boolean;
}

export interface NavSection {
  id: string;
  /** A section title ("Settings"), or none. */
  title: string | null;
  items: NavItem[];
}

interface Props {
  /** The clinic's name, or the operator console's. */
  place: string;
  /** What kind of place: "Portal administration". */
  subtitle: string;
  profile: StaffProfile;
  sections: NavSection[];
  navigate(path: string): void;
  onSignedOut(): void;
  /** A page of wide tables (the operators' dashboard): the main area takes more of the screen. */
  wide?: boolean;
  children: ReactNode;
}

/** Header (place, person, language, sign out), navigation and the main area of the signed-in admin app. */
export function AdminShell({ place, subtitle, profile, sections, navigate, onSignedOut, wide, children }: Props) {
  const { t } = useI18n();
  const [signingOut, setSigningOut] = useState(false);
  const [signOutError, setSignOutError] = useState<unknown>(null);

  const signOut = async () => {
    setSigningOut(true);
    setSignOutError(null);
    try {
      await staffApi.signOut();
    } catch (error) {
      // Already signed out (401) is as good as signed out.
      if (!(error instanceof ApiError) || error.status !== 401) {
        setSignOutError(error);
        setSigningOut(false);
        return;
      }
    }
    api.resetAntiforgery();
    onSignedOut();
  };

  return (
    <div className="admin">
      <a className="skip-link" href="#main">
        {t('admin.skipToMain')}
      </a>
      <header className="admin-header">
        <div className="admin-place">
          <p className="admin-place-name">{place}</p>
          <p className="admin-place-subtitle">{subtitle}</p>
        </div>
        <div className="admin-header-tools">
          <p className="admin-user">{t('admin.signedInAs', { name: profile.displayName, role: t(roleKey(profile.role)) })}</p>
          <LanguageSwitch />
          <button type="button" className="secondary" onClick={signOut} disabled={signingOut}>
            {t('admin.signOut')}
          </button>
        </div>
      </header>
      <div className="admin-body">
        <nav className="admin-nav" aria-label={t('admin.nav.label')}>
          {sections.map((section) => (
            <div key={section.id} className="admin-nav-section">
              {section.title && (
                <p className="admin-nav-title" id={`nav-${section.id}`}>
                  {section.title}
                </p>
              )}
              <ul aria-labelledby={section.title ? `nav-${section.id}` : undefined}>
                {section.items.map((item) => (
                  <li key={item.href}>
                    <a
                      href={item.href}
                      aria-current={item.current ? 'page' : undefined}
                      onClick={item.external ? undefined : (event) => followLink(event, navigate)}
                    >
                      {item.label}
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </nav>
        <main className={wide ? 'admin-main admin-main-wide' : 'admin-main'} id="main" tabIndex={-1}>
          {signOutError !== null && (
            <div role="alert" className="message error">
              <p>{errorMessage(signOutError, t)}</p>
            </div>
          )}
          {children}
        </main>
      </div>
    </div>
  );
}

/** The header and main area before signing in (sign-in, setup and error pages). */
export function AdminFrame({ place, subtitle, children }: { place: string; subtitle: string; children: ReactNode }) {
  return (
    <div className="admin admin-frame">
      <header className="admin-header">
        <div className="admin-place">
          <p className="admin-place-name">{place}</p>
          {subtitle && <p className="admin-place-subtitle">{subtitle}</p>}
        </div>
        <div className="admin-header-tools">
          <LanguageSwitch />
        </div>
      </header>
      <main className="admin-main admin-main-narrow" id="main">
        {children}
      </main>
    </div>
  );
}
