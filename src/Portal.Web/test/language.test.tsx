import { act, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { useEffect } from 'react';
import { useDocumentTitle, useI18n } from '../src/shared/i18n/I18nProvider';
import { resolveLanguage, STORAGE_KEY } from '../src/shared/i18n/language';
import { LanguageSwitch } from '../src/shared/LanguageSwitch';
import { renderWithI18n } from './helpers';

describe('resolveLanguage', () => {
  it('takes ?lang= first, then the stored choice, then the browser, then the clinic default, then English', () => {
    expect(resolveLanguage({ search: '?lang=fr', stored: 'en', clinicDefault: 'en', browser: ['en-CA'] })).toBe('fr');
    expect(resolveLanguage({ search: '?lang=de', stored: 'fr', clinicDefault: 'en', browser: ['en-CA'] })).toBe('fr');
    expect(resolveLanguage({ search: '', stored: null, clinicDefault: 'en', browser: ['fr-CA', 'en'] })).toBe('fr');
    expect(resolveLanguage({ search: '', stored: null, clinicDefault: 'fr', browser: ['en-CA'] })).toBe('en');
    expect(resolveLanguage({ search: '', stored: null, clinicDefault: 'fr', browser: ['de-DE'] })).toBe('fr');
    expect(resolveLanguage({ search: '', stored: null, clinicDefault: null, browser: ['de-DE', 'fr-CA'] })).toBe('fr');
    expect(resolveLanguage({ search: '', stored: null, clinicDefault: null, browser: ['de-DE'] })).toBe('en');
    expect(resolveLanguage({})).toBe('en');
  });
});

function Page({ clinicDefault }: { clinicDefault?: string }) {
  const { t, setClinicDefault } = useI18n();
  useDocumentTitle(t('common.loading'));
  useEffect(() => {
    if (clinicDefault) {
      setClinicDefault(clinicDefault);
    }
  }, [clinicDefault, setClinicDefault]);
  return (
    <>
      <p>{t('common.tryAgain')}</p>
      <LanguageSwitch />
    </>
  );
}

describe('the language switch', () => {
  it('reads "Français" in English, switches at once, keeps <html lang> and the title in step, and remembers the choice', () => {
    renderWithI18n(<Page />);
    const button = screen.getByRole('button', { name: 'Français' });
    expect(button.querySelector('[lang="fr"]')?.textContent).toBe('Français');
    expect(screen.getByText('Try again')).toBeTruthy();
    expect(document.documentElement.lang).toBe('en');
    expect(document.title).toBe('Loading…');

    act(() => button.click());

    expect(screen.getByText('Réessayer')).toBeTruthy();
    const back = screen.getByRole('button', { name: 'English' });
    expect(back.querySelector('[lang="en"]')?.textContent).toBe('English');
    expect(document.documentElement.lang).toBe('fr');
    expect(document.title).toBe('Chargement…');
    expect(window.localStorage.getItem(STORAGE_KEY)).toBe('fr');
  });

  it('starts in the remembered language', () => {
    window.localStorage.setItem(STORAGE_KEY, 'fr');
    renderWithI18n(<Page />);
    expect(screen.getByText('Réessayer')).toBeTruthy();
  });

  it('lets ?lang= win over the remembered language, and updates it when switching', () => {
    window.localStorage.setItem(STORAGE_KEY, 'en');
    window.history.replaceState(null, '', '/demo/?lang=fr');
    renderWithI18n(<Page />);
    expect(screen.getByText('Réessayer')).toBeTruthy();
    act(() => screen.getByRole('button', { name: 'English' }).click());
    expect(screen.getByText('Try again')).toBeTruthy();
    expect(window.location.search).toBe('?lang=en');
  });

  it("uses the clinic's default language when the browser speaks neither English nor French", () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['de-DE']);
    vi.spyOn(navigator, 'language', 'get').mockReturnValue('de-DE');
    renderWithI18n(<Page clinicDefault="fr" />);
    expect(screen.getByText('Réessayer')).toBeTruthy();
  });

  it("prefers the browser's language to the clinic's default", () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['en-CA']);
    vi.spyOn(navigator, 'language', 'get').mockReturnValue('en-CA');
    renderWithI18n(<Page clinicDefault="fr" />);
    expect(screen.getByText('Try again')).toBeTruthy();
  });

  it("lets the person's choice win over the clinic's default language", () => {
    window.localStorage.setItem(STORAGE_KEY, 'en');
    renderWithI18n(<Page clinicDefault="fr" />);
    expect(screen.getByText('Try again')).toBeTruthy();
  });
});
