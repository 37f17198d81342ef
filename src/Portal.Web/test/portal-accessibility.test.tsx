import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { patientInformation, patientProfile, patientSessions, patientSignedIn } from './fixtures';
import { axeViolations, json } from './helpers';
import { API, ME, START, inFrench, renderPortal } from './portal-helpers';

// Each test runs axe several times: slow on a busy machine, so longer than Vitest's 5 s.
describe('the patient portal pages, checked by axe', { timeout: 30_000 }, () => {
  it('has no problem on either step of logging in, with and without field problems', async () => {
    renderPortal('/demo/', { [START]: () => json(202, { attemptId: 'a-1', expiresInMinutes: 10, contactKind: 'email' }) });
    await screen.findByRole('option', { name: 'Hospital record number' });
    expect(await axeViolations()).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(screen.getByRole('combobox', { name: 'ID type' }).getAttribute('aria-invalid')).toBe('true');
    expect(await axeViolations()).toEqual([]);

    fireEvent.change(screen.getByRole('combobox', { name: 'ID type' }), { target: { value: 'ON' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'ID number' }), { target: { value: '1234567890' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'Mobile number' }), { target: { value: '6135550123' } });
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    await screen.findByRole('textbox', { name: 'One time passcode' });
    expect(await axeViolations()).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'LOGIN' }));
    expect(await axeViolations()).toEqual([]);
  });

  it('has no problem on the home, My information and Sessions pages', async () => {
    renderPortal('/demo/', {
      [ME]: () => json(200, patientSignedIn(patientProfile())),
      [`GET ${API}/me/information`]: () => json(200, patientInformation()),
      [`GET ${API}/me/sessions`]: () => json(200, patientSessions()),
    });
    await screen.findByRole('heading', { name: 'Welcome, Camille Tremblay' });
    expect(await axeViolations()).toEqual([]);

    fireEvent.click(screen.getByRole('link', { name: 'My information' }));
    await screen.findByText('Legal name');
    expect(await axeViolations()).toEqual([]);

    fireEvent.click(screen.getByRole('link', { name: 'Home' }));
    fireEvent.click(await screen.findByRole('link', { name: 'Sessions' }));
    await screen.findByRole('list', { name: 'Active sessions' });
    expect(await axeViolations()).toEqual([]);
  });

  it('has no problem on the log-in page in French', async () => {
    inFrench();
    renderPortal('/demo/');
    await screen.findByRole('option', { name: 'Numéro de dossier hospitalier' });
    expect(await axeViolations()).toEqual([]);
  });
});
