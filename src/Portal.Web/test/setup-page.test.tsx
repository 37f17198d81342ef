import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { adminMessages } from '../src/admin/messages';
import { SetupPage, setupTokenFromHash } from '../src/admin/setup/SetupPage';
import { ANTIFORGERY, json, mockServer, problem, renderWithI18n, type Handler } from './helpers';
import { owner } from './fixtures';

function renderSetup(token: string | null, routes: Record<string, Handler | Handler[]> = {}) {
  const server = mockServer({ 'GET /api/antiforgery': () => json(200, ANTIFORGERY), ...routes });
  const go = vi.fn();
  renderWithI18n(<SetupPage token={token} go={go} />, adminMessages);
  return { ...server, go };
}

function choose(password: string, confirm: string) {
  fireEvent.change(screen.getByLabelText('New password'), { target: { value: password } });
  fireEvent.change(screen.getByLabelText('Confirm password'), { target: { value: confirm } });
  fireEvent.click(screen.getByRole('button', { name: 'Set password' }));
}

describe('the setup page', () => {
  it('reads the token from the fragment', () => {
    expect(setupTokenFromHash('#token=abc.def')).toBe('abc.def');
    expect(setupTokenFromHash('')).toBeNull();
  });

  it('shows the hint and checks that both passwords match before sending', () => {
    const { calls } = renderSetup('tok');
    expect(screen.getByRole('heading', { level: 1, name: 'Choose your password' })).toBeTruthy();
    const hint = screen.getByText('At least 12 characters. A few words together make a good password.');
    expect(screen.getByLabelText('New password').getAttribute('aria-describedby')).toContain(hint.id);
    choose('correct horse battery staple', 'correct horse battery');
    const error = screen.getByText('The passwords do not match.');
    expect(screen.getByLabelText('Confirm password').getAttribute('aria-describedby')).toBe(error.id);
    expect(calls).toHaveLength(0);
  });

  it('sets the password and opens the clinic admin', async () => {
    const { calls, go } = renderSetup('tok-1', { 'POST /api/staff/setup': () => json(200, owner) });
    choose('correct horse battery staple', 'correct horse battery staple');
    await vi.waitFor(() => expect(go).toHaveBeenCalledWith('/demo/admin/'));
    expect(calls.find((call) => call.method === 'POST')!.json).toEqual({ token: 'tok-1', password: 'correct horse battery staple' });
  });

  it('opens the operator console for an operator', async () => {
    const { go } = renderSetup('tok-1', {
      'POST /api/staff/setup': () => json(200, { ...owner, role: 'operator', clinic: null }),
    });
    choose('correct horse battery staple', 'correct horse battery staple');
    await vi.waitFor(() => expect(go).toHaveBeenCalledWith('/admin/'));
  });

  it('says when the link was used or has expired', async () => {
    renderSetup('tok-1', { 'POST /api/staff/setup': () => problem(400, 'setup_link_invalid', 'Used or expired.') });
    choose('correct horse battery staple', 'correct horse battery staple');
    expect((await screen.findByRole('alert')).textContent).toBe('This setup link has been used or has expired. Ask for a new one.');
  });

  it('shows a weak password next to the password field', async () => {
    renderSetup('tok-1', {
      'POST /api/staff/setup': () => problem(400, 'weak_password', 'This password is too easy to guess.', { errors: { password: ['This password is too easy to guess.'] } }),
    });
    choose('passwordpassword', 'passwordpassword');
    const message = await screen.findByText(/This password is too easy to guess/);
    expect(screen.getByLabelText('New password').getAttribute('aria-describedby')).toContain(message.id);
  });

  it('says when the link has no token', () => {
    renderSetup(null);
    expect(screen.getByRole('alert').textContent).toBe('This setup link is incomplete. Open the link from your invitation again.');
    expect(screen.queryByLabelText('New password')).toBeNull();
  });
});
