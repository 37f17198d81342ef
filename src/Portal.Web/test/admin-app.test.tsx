import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { AdminApp } from '../src/admin/AdminApp';
import { adminMessages } from '../src/admin/messages';
import { parseAdminPath } from '../src/admin/routes';
import { ANTIFORGERY, json, mockServer, noContent, problem, renderWithI18n, type Handler } from './helpers';
import { operator, owner, portalSettings, staffSignedIn, staffSignedInElsewhere, staffSignedOut } from './fixtures';

const PUBLIC = { 'GET /api/clinics/demo/portal': () => json(200, { slug: 'demo', clinicName: 'Demo Family Clinic', defaultLanguage: 'en', timeZone: 'America/Toronto', portalEnabled: true, selfRegistrationEnabled: false, backgroundImageUrl: null }) };

function renderAdmin(path: string, routes: Record<string, Handler | Handler[]>) {
  window.history.replaceState(null, '', path);
  const server = mockServer({ 'GET /api/antiforgery': () => json(200, ANTIFORGERY), ...PUBLIC, ...routes });
  renderWithI18n(<AdminApp />, adminMessages);
  return server;
}

async function signIn(email: string, password: string) {
  fireEvent.change(await screen.findByLabelText('Email'), { target: { value: email } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('admin paths', () => {
  it('finds the page and the address to show', () => {
    expect(parseAdminPath('/demo/admin/')).toEqual({
      route: { area: 'clinic', slug: 'demo', page: 'settings/portal' },
      canonical: '/demo/admin/settings/portal',
    });
    expect(parseAdminPath('/demo/admin/settings/portal').canonical).toBeNull();
    expect(parseAdminPath('/demo/admin/nothing-here').route).toEqual({ area: 'clinic', slug: 'demo', page: 'notFound' });
    expect(parseAdminPath('/admin/')).toEqual({ route: { area: 'operator', page: 'clinics' }, canonical: '/admin/clinics' });
    expect(parseAdminPath('/admin/setup').route).toEqual({ area: 'setup' });
    expect(parseAdminPath('/admin/jobs').route).toEqual({ area: 'operator', page: 'notFound' });
    expect(parseAdminPath('/admin/notifications')).toEqual({ route: { area: 'operator', page: 'notifications' }, canonical: null });
    expect(parseAdminPath('/admin/notifications/elsewhere').route).toEqual({ area: 'operator', page: 'notFound' });
  });
});

describe('the clinic admin app', () => {
  it('shows the sign-in page when nobody is signed in, then the settings after signing in', async () => {
    const { calls } = renderAdmin('/demo/admin/', {
      'GET /api/clinics/demo/staff/session': () => json(200, staffSignedOut),
      'POST /api/clinics/demo/staff/sign-in': () => json(200, owner),
      'GET /api/clinics/demo/settings/portal': () => json(200, portalSettings()),
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeTruthy();
    await screen.findByText('Sign in to manage the patient portal of Demo Family Clinic.');
    await signIn('owner@demo.test', 'a long password');

    await screen.findByRole('combobox', { name: 'Patient Timeout Duration' });
    const signInCall = calls.find((call) => call.method === 'POST')!;
    expect(signInCall.json).toEqual({ email: 'owner@demo.test', password: 'a long password' });
    expect(signInCall.headers['x-csrf-token']).toBe('token-1');
    expect(window.location.pathname).toBe('/demo/admin/settings/portal');
    expect(screen.getByText('Signed in as Olivia Owner (Owner)')).toBeTruthy();
    expect(screen.getByRole('navigation', { name: 'Administration' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Patient Portal' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeTruthy();
    expect(screen.getAllByRole('heading', { level: 1 })).toHaveLength(1);
  });

  it('says when the email address or password is wrong', async () => {
    renderAdmin('/demo/admin/', {
      'GET /api/clinics/demo/staff/session': () => json(200, staffSignedOut),
      'POST /api/clinics/demo/staff/sign-in': () => problem(401, 'invalid_credentials', 'The email address or password is not right.'),
    });
    await signIn('owner@demo.test', 'wrong');
    expect((await screen.findByRole('alert')).textContent).toBe('The email address or password is not right.');
  });

  it('shows how long to wait when sign-in is locked', async () => {
    renderAdmin('/demo/admin/', {
      'GET /api/clinics/demo/staff/session': () => json(200, staffSignedOut),
      'POST /api/clinics/demo/staff/sign-in': () =>
        problem(429, 'sign_in_locked', 'Too many failed attempts.', { headers: { 'Retry-After': '300' } }),
    });
    await signIn('owner@demo.test', 'wrong');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Too many failed sign-in attempts.');
    expect(alert.textContent).toContain('Try again in 5 minutes.');
  });

  it('asks for the email address and password before sending anything', async () => {
    const { calls } = renderAdmin('/demo/admin/', {
      'GET /api/clinics/demo/staff/session': () => json(200, staffSignedOut),
    });
    await screen.findByLabelText('Email');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Enter your email address.')).toBeTruthy();
    expect(screen.getByText('Enter your password.')).toBeTruthy();
    expect(screen.getByLabelText('Email').getAttribute('aria-invalid')).toBe('true');
    expect(calls.some((call) => call.method === 'POST')).toBe(false);
  });

  it('explains the sign-in page to someone signed in to another clinic', async () => {
    renderAdmin('/demo/admin/', { 'GET /api/clinics/demo/staff/session': () => json(200, staffSignedInElsewhere) });
    expect(await screen.findByText('You are signed in to another clinic. Sign in with an account of this clinic to continue.')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1, name: 'Sign in' })).toBeTruthy();
  });

  it('says when there is no such clinic', async () => {
    renderAdmin('/nowhere/admin/', {
      'GET /api/clinics/nowhere/staff/session': () => problem(404, 'clinic_not_found', 'No clinic.'),
      'GET /api/clinics/nowhere/portal': () => problem(404, 'clinic_not_found', 'No clinic.'),
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Clinic not found' })).toBeTruthy();
    expect(screen.getByText('There is no clinic at this address.')).toBeTruthy();
  });

  it('signs out and shows the sign-in page again', async () => {
    const { calls } = renderAdmin('/demo/admin/settings/portal', {
      'GET /api/clinics/demo/staff/session': () => json(200, staffSignedIn(owner)),
      'GET /api/clinics/demo/settings/portal': () => json(200, portalSettings()),
      'POST /api/staff/sign-out': () => noContent(),
    });
    await screen.findByRole('combobox', { name: 'Patient Timeout Duration' });
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeTruthy();
    expect(calls.some((call) => call.method === 'POST' && call.url === '/api/staff/sign-out')).toBe(true);
  });
});

describe('the operator console', () => {
  it('lists the clinics with their address, name, portal and creation date', async () => {
    renderAdmin('/admin/', {
      'GET /api/operator/session': () => json(200, staffSignedIn(operator)),
      'GET /api/operator/clinics': () =>
        json(200, [
          { id: 'c-1', slug: 'demo', name: 'Demo Family Clinic', timeZone: 'America/Toronto', defaultLanguage: 'en', portalEnabled: true, createdAt: '2026-02-03T12:00:00Z' },
          { id: 'c-2', slug: 'north', name: 'North Clinic', timeZone: 'America/Toronto', defaultLanguage: 'fr', portalEnabled: false, createdAt: '2026-02-04T12:00:00Z' },
        ]),
    });
    const table = await screen.findByRole('table', { name: 'Clinics' });
    expect(screen.getByRole('columnheader', { name: 'Address' })).toBeTruthy();
    expect(screen.getByRole('link', { name: '/demo/' }).getAttribute('href')).toBe('/demo/');
    const rows = table.querySelectorAll('tbody tr');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.textContent).toContain('Demo Family Clinic');
    expect(rows[0]!.textContent).toContain('On');
    expect(rows[1]!.textContent).toContain('Off');
    expect(rows[0]!.textContent).toContain('2026');
    expect(window.location.pathname).toBe('/admin/clinics');
    expect(screen.getByText('Signed in as Oscar Operator (Operator)')).toBeTruthy();
  });

  it('signs operators in through the operator endpoint', async () => {
    const { calls } = renderAdmin('/admin/', {
      'GET /api/operator/session': () => json(200, staffSignedOut),
      'POST /api/operator/sign-in': () =>
        json(200, { id: 'o-1', email: 'op@portal.test', displayName: 'Oscar Operator', role: 'operator', clinic: null }),
      'GET /api/operator/clinics': () => json(200, []),
    });
    await signIn('op@portal.test', 'a long password');
    expect(await screen.findByText('There are no clinics yet.')).toBeTruthy();
    expect(calls.find((call) => call.method === 'POST')!.json).toEqual({ email: 'op@portal.test', password: 'a long password' });
  });
});

describe('the operators\' dashboard', () => {
  it('links the clinics and notifications pages, and the Hangfire Dashboard as the jobs page outside the console', async () => {
    renderAdmin('/admin/clinics', {
      'GET /api/operator/session': () => json(200, staffSignedIn(operator)),
      'GET /api/operator/clinics': () => json(200, []),
      'GET /api/operator/notifications/summary': () => json(200, { counts: [], oldestDueAt: null }),
      'GET /api/operator/notifications?state=failed&take=50': () => json(200, []),
    });
    expect(await screen.findByText('There are no clinics yet.')).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Administration' });
    expect([...nav.querySelectorAll('a')].map((link) => [link.textContent, link.getAttribute('href'), link.getAttribute('aria-current')])).toEqual([
      ['Clinics', '/admin/clinics', 'page'],
      ['Jobs', '/admin/hangfire', null],
      ['Notifications', '/admin/notifications', null],
    ]);

    const jobs = screen.getByRole('link', { name: 'Jobs' });
    // The console does not handle the dashboard's address itself: the browser loads Hangfire's page.
    expect(fireEvent.click(jobs)).toBe(true);

    fireEvent.click(screen.getByRole('link', { name: 'Notifications' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Notifications' })).toBeTruthy();
    expect(await screen.findByText('There are no notifications to show.')).toBeTruthy();
    expect(window.location.pathname).toBe('/admin/notifications');
    expect(document.querySelector('main')!.className).toContain('admin-main-wide');
    expect(screen.getByRole('link', { name: 'Notifications' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getAllByRole('heading', { level: 1 })).toHaveLength(1);
  });

  it('shows the sign-in page again when the session ends on a dashboard page', async () => {
    renderAdmin('/admin/notifications', {
      'GET /api/operator/session': () => json(200, staffSignedIn(operator)),
      'GET /api/operator/notifications/summary': () => problem(401, 'sign_in_required', 'Sign in to continue.'),
      'GET /api/operator/notifications?state=failed&take=50': () => problem(401, 'sign_in_required', 'Sign in to continue.'),
    });
    expect(await screen.findByText('Your session has ended. Sign in again to continue.')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1, name: 'Sign in' })).toBeTruthy();
  });
});

describe('navigation', () => {
  it('shows a not-found page inside the shell for unknown admin pages', async () => {
    renderAdmin('/demo/admin/elsewhere', {
      'GET /api/clinics/demo/staff/session': () => json(200, staffSignedIn(owner)),
      'GET /api/clinics/demo/settings/portal': () => json(200, portalSettings()),
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeTruthy();
    fireEvent.click(screen.getByRole('link', { name: 'Go to the Patient Portal settings' }));
    await screen.findByRole('combobox', { name: 'Patient Timeout Duration' });
    await waitFor(() => expect(window.location.pathname).toBe('/demo/admin/settings/portal'));
  });
});
