import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { portalMessages } from '../src/portal/messages';
import { PortalApp } from '../src/portal/PortalApp';
import { json, mockServer, problem, renderWithI18n } from './helpers';

const portal = (overrides: Record<string, unknown> = {}) => ({
  slug: 'demo',
  clinicName: 'Demo Family Clinic',
  defaultLanguage: 'en',
  portalEnabled: true,
  selfRegistrationEnabled: false,
  backgroundImageUrl: '/api/clinics/demo/portal/background-images/img-1',
  ...overrides,
});

const renderPortal = () => renderWithI18n(<PortalApp slug="demo" />, portalMessages);

describe('the patient portal page', () => {
  it('shows the clinic name as the heading and a welcome when the portal is on', async () => {
    mockServer({ 'GET /api/clinics/demo/portal': () => json(200, portal()) });
    const { container } = renderPortal();
    expect(await screen.findByRole('heading', { level: 1, name: 'Demo Family Clinic' })).toBeTruthy();
    expect(screen.getByText('Welcome to the patient portal of Demo Family Clinic.')).toBeTruthy();
    expect(screen.queryByText(/not available/)).toBeNull();
    expect(screen.getAllByRole('heading', { level: 1 })).toHaveLength(1);
    expect(document.title).toBe('Demo Family Clinic – Patient portal');
    // The watermark is decorative: shown, but not announced.
    const watermark = container.querySelector('img.portal-watermark');
    expect(watermark?.getAttribute('src')).toBe('/api/clinics/demo/portal/background-images/img-1');
    expect(watermark?.getAttribute('alt')).toBe('');
    expect(screen.queryByRole('img')).toBeNull();
    // No sign-in form yet.
    expect(container.querySelector('input')).toBeNull();
  });

  it('says the portal is not available, and to contact the clinic, when it is off', async () => {
    mockServer({ 'GET /api/clinics/demo/portal': () => json(200, portal({ portalEnabled: false, backgroundImageUrl: null })) });
    const { container } = renderPortal();
    expect(await screen.findByText('The patient portal of Demo Family Clinic is not available at the moment.')).toBeTruthy();
    expect(screen.getByText('Please contact the clinic directly.')).toBeTruthy();
    expect(screen.queryByText(/Welcome to the patient portal/)).toBeNull();
    expect(container.querySelector('img.portal-watermark')).toBeNull();
  });

  it('says there is no clinic at this address on 404', async () => {
    mockServer({ 'GET /api/clinics/demo/portal': () => problem(404, 'clinic_not_found', 'There is no clinic at this address.') });
    renderPortal();
    expect(await screen.findByRole('heading', { level: 1, name: 'Clinic not found' })).toBeTruthy();
    expect(screen.getByText('There is no clinic at this address.')).toBeTruthy();
  });

  it('says when the server cannot be reached, and offers to try again', async () => {
    const { fetchMock } = mockServer({});
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    renderPortal();
    expect((await screen.findByRole('alert')).textContent).toContain('Portal could not be reached');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it('shows a loading state first', () => {
    mockServer({ 'GET /api/clinics/demo/portal': () => new Promise<Response>(() => undefined) });
    renderPortal();
    expect(screen.getByRole('status').textContent).toBe('Loading…');
  });

  it("speaks the clinic's default language when the browser speaks neither English nor French", async () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['es-MX']);
    vi.spyOn(navigator, 'language', 'get').mockReturnValue('es-MX');
    mockServer({ 'GET /api/clinics/demo/portal': () => json(200, portal({ defaultLanguage: 'fr' })) });
    renderPortal();
    expect(await screen.findByText('Bienvenue sur le portail patient de Demo Family Clinic.')).toBeTruthy();
    expect(document.documentElement.lang).toBe('fr');
    expect(screen.getByRole('button', { name: 'English' })).toBeTruthy();
  });
});
