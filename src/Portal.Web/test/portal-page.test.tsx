import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { patientProfile, patientSignedIn, publicPortal } from './fixtures';
import { json, problem } from './helpers';
import { API, ME, renderPortal } from './portal-helpers';

describe('the patient portal page', () => {
  it('shows the clinic name as the heading, the watermark, and the sign-in form when nobody is signed in', async () => {
    const { container, calls } = renderPortal('/demo/');
    expect(await screen.findByRole('heading', { level: 2, name: 'Log in' })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1, name: 'Demo Family Clinic' })).toBeTruthy();
    expect(screen.getAllByRole('heading', { level: 1 })).toHaveLength(1);
    await waitFor(() => expect(document.title).toBe('Log in – Demo Family Clinic'));
    expect(screen.getByRole('combobox', { name: 'ID type' })).toBeTruthy();
    // The watermark is decorative: shown, but not announced.
    const watermark = container.querySelector('img.portal-watermark');
    expect(watermark?.getAttribute('src')).toBe('/api/clinics/demo/portal/background-images/img-1');
    expect(watermark?.getAttribute('alt')).toBe('');
    expect(screen.queryByRole('img')).toBeNull();
    expect(screen.getByRole('button', { name: 'Français' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Log out' })).toBeNull();
    expect(calls.map((call) => `${call.method} ${call.url}`)).toContain(ME);
  });

  it('says the portal is not available, and to contact the clinic, when it is off, and asks nothing more', async () => {
    const { container, calls } = renderPortal('/demo/', {
      [`GET ${API}`]: () => json(200, publicPortal({ portalEnabled: false, backgroundImageUrl: null })),
    });
    expect(await screen.findByText('The patient portal of Demo Family Clinic is not available at the moment.')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 2, name: 'The patient portal is not available' })).toBeTruthy();
    expect(screen.getByText('Please contact the clinic directly.')).toBeTruthy();
    expect(container.querySelector('form')).toBeNull();
    expect(container.querySelector('img.portal-watermark')).toBeNull();
    await waitFor(() => expect(document.title).toBe('Demo Family Clinic – Patient portal'));
    expect(calls.map((call) => call.url)).toEqual([API]);
  });

  it('says the portal is not available on every page under the clinic when it is off', async () => {
    renderPortal('/demo/sessions', { [`GET ${API}`]: () => json(200, publicPortal({ portalEnabled: false })) });
    expect(await screen.findByRole('heading', { name: 'The patient portal is not available' })).toBeTruthy();
    expect(screen.queryByRole('combobox', { name: 'ID type' })).toBeNull();
  });

  it('says there is no clinic at this address on 404', async () => {
    renderPortal('/demo/', { [`GET ${API}`]: () => problem(404, 'clinic_not_found', 'There is no clinic at this address.') });
    expect(await screen.findByRole('heading', { level: 1, name: 'Clinic not found' })).toBeTruthy();
    expect(screen.getByText('There is no clinic at this address.')).toBeTruthy();
    await waitFor(() => expect(document.title).toBe('Clinic not found – Portal'));
  });

  it('says when the server cannot be reached, and offers to try again', async () => {
    const { fetchMock } = renderPortal('/demo/');
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    expect((await screen.findByRole('alert')).textContent).toContain('Portal could not be reached');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it('offers to try again when the session cannot be checked', async () => {
    renderPortal('/demo/', { [ME]: [() => problem(500, 'unexpected', 'Boom.'), () => json(200, patientSignedIn(patientProfile()))] });
    expect((await screen.findByRole('alert')).textContent).toBe('Boom.');
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { level: 2, name: 'Welcome, Camille Tremblay' })).toBeTruthy();
  });

  it('shows a loading state first', () => {
    renderPortal('/demo/', { [`GET ${API}`]: () => new Promise<Response>(() => undefined) });
    expect(screen.getByRole('status').textContent).toBe('Loading…');
  });

  it("speaks the clinic's default language when the browser speaks neither English nor French", async () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['es-MX']);
    vi.spyOn(navigator, 'language', 'get').mockReturnValue('es-MX');
    renderPortal('/demo/', { [`GET ${API}`]: () => json(200, publicPortal({ defaultLanguage: 'fr' })) });
    expect(await screen.findByRole('heading', { level: 2, name: 'Connexion' })).toBeTruthy();
    await waitFor(() => expect(document.documentElement.lang).toBe('fr'));
    expect(screen.getByRole('button', { name: 'English' })).toBeTruthy();
  });

  it('replaces /{clinic}/home and /{clinic} with the home address', async () => {
    renderPortal('/demo/home?lang=en');
    await screen.findByRole('heading', { level: 2, name: 'Log in' });
    expect(window.location.pathname + window.location.search).toBe('/demo/?lang=en');
  });
});
