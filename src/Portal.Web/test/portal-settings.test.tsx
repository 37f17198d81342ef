import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { adminMessages } from '../src/admin/messages';
import { PortalSettingsPage } from '../src/admin/settings/PortalSettingsPage';
import { ANTIFORGERY, json, mockServer, noContent, problem, renderWithI18n, type Handler } from './helpers';
import { portalSettings } from './fixtures';

const SETTINGS = '/api/clinics/demo/settings/portal';

function renderPage(routes: Record<string, Handler | Handler[]>) {
  const server = mockServer({ 'GET /api/antiforgery': () => json(200, ANTIFORGERY), ...routes });
  const onSessionEnded = vi.fn();
  renderWithI18n(<PortalSettingsPage slug="demo" clinicName="Demo Family Clinic" onSessionEnded={onSessionEnded} />, adminMessages);
  return { ...server, onSessionEnded };
}

const checkbox = (name: string) => screen.getByRole('checkbox', { name }) as HTMLInputElement;
const radio = (name: string) => screen.getByRole('radio', { name }) as HTMLInputElement;
const select = () => screen.getByRole('combobox', { name: 'Patient Timeout Duration' }) as HTMLSelectElement;
const saveButton = () => screen.getByRole('button', { name: 'Save Portal Settings' });
/** The heading shows while loading too: wait for the form itself. */
const loaded = () => screen.findByRole('combobox', { name: 'Patient Timeout Duration' });

describe('Settings > Patient Portal', () => {
  it('shows the values the server sent', async () => {
    renderPage({ [`GET ${SETTINGS}`]: () => json(200, portalSettings()) });
    await loaded();
    expect(screen.getByRole('heading', { level: 1, name: 'Patient Portal' })).toBeTruthy();
    expect(checkbox('Portal Accessibility').checked).toBe(true);
    expect(checkbox('Portal Accessibility for New Patients').checked).toBe(false);
    expect(checkbox('Patient Registration').checked).toBe(true);
    expect(checkbox('Patient Conversation Responses').checked).toBe(false);
    expect(checkbox('Portal Billing').checked).toBe(false);
    expect(checkbox('Extra Searchable Identifications').checked).toBe(true);
    expect(select().value).toBe('4320');
    expect(select().selectedOptions[0]!.textContent).toBe('3 days');
    expect([...select().options].map((option) => option.textContent)).toEqual([
      '1 hour', '4 hours', '12 hours', '1 day', '2 days', '3 days', '5 days', '7 days',
    ]);
    const statuses = screen.getByRole('group', { name: 'Appointment Statuses to Hide' });
    const checked = within(statuses).getAllByRole('checkbox').filter((box) => (box as HTMLInputElement).checked);
    expect(checked.map((box) => box.getAttribute('value'))).toEqual(['cancelled', 'no_show']);
    expect(within(statuses).getByRole('checkbox', { name: 'No-show' })).toBeTruthy();
    expect(within(statuses).getByRole('checkbox', { name: 'In room' })).toBeTruthy();
    expect(radio('ID and date of birth').checked).toBe(true);
    expect(radio('One-time passcode (OTP) and date of birth').checked).toBe(false);
    // Help texts are tied to their controls.
    expect(checkbox('Portal Accessibility').getAttribute('aria-describedby')).toBeTruthy();
    const helpId = checkbox('Portal Accessibility').getAttribute('aria-describedby')!.split(' ')[0]!;
    expect(document.getElementById(helpId)?.textContent).toBe('Gives patients access to the portal.');
    expect(screen.getByText('Configured: pk_test_abcdefghij12, secret key ending in 1234')).toBeTruthy();
  });

  it('sends every setting, with the loaded version, when saving, and shows the saved values', async () => {
    const saved = portalSettings({
      portalEnabled: false,
      newPatientsGetAccess: true,
      passcodeTimeoutMinutes: 60,
      hiddenAppointmentStatuses: ['booked', 'cancelled', 'no_show'],
      notificationSignIn: 'passcode_and_birth_date',
      version: 4,
    });
    const { calls } = renderPage({
      [`GET ${SETTINGS}`]: () => json(200, portalSettings()),
      [`PUT ${SETTINGS}`]: () => json(200, saved),
    });
    await loaded();

    fireEvent.click(checkbox('Portal Accessibility'));
    fireEvent.click(checkbox('Portal Accessibility for New Patients'));
    fireEvent.change(select(), { target: { value: '60' } });
    fireEvent.click(checkbox('Booked'));
    fireEvent.click(radio('One-time passcode (OTP) and date of birth'));
    fireEvent.click(saveButton());

    await screen.findByText('Portal settings saved.');
    const put = calls.find((call) => call.method === 'PUT')!;
    expect(put.headers['x-csrf-token']).toBe('token-1');
    expect(put.json).toEqual({
      portalEnabled: false,
      newPatientsGetAccess: true,
      selfRegistrationEnabled: true,
      patientRepliesEnabled: false,
      billingEnabled: false,
      extraSearchableIdsEnabled: true,
      backgroundImageId: null,
      passcodeTimeoutMinutes: 60,
      hiddenAppointmentStatuses: ['booked', 'cancelled', 'no_show'],
      notificationSignIn: 'passcode_and_birth_date',
      registrationConsentEn: null,
      registrationConsentFr: null,
      version: 3,
    });
    expect(screen.getByText('Portal settings saved.').closest('[role="status"]')).toBeTruthy();
    expect(select().value).toBe('60');

    // The next save is against the version the server returned.
    fireEvent.click(saveButton());
    await waitFor(() => expect(calls.filter((call) => call.method === 'PUT')).toHaveLength(2));
    expect((calls.filter((call) => call.method === 'PUT')[1]!.json as { version: number }).version).toBe(4);
  });

  it('shows validation errors next to the settings they are about', async () => {
    renderPage({
      [`GET ${SETTINGS}`]: () => json(200, portalSettings()),
      [`PUT ${SETTINGS}`]: () =>
        problem(400, 'validation_failed', 'One or more fields are not valid.', {
          errors: {
            passcodeTimeoutMinutes: ['Choose one of the offered timeout durations.'],
            'hiddenAppointmentStatuses[0]': ["'lost' is not an appointment status."],
          },
        }),
    });
    await loaded();
    fireEvent.click(saveButton());

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The settings were not saved.');
    expect(alert.textContent).toContain('Check the messages next to the settings.');
    const timeoutError = screen.getByText('Choose one of the offered timeout durations.');
    expect(select().getAttribute('aria-describedby')).toContain(timeoutError.id);
    expect(select().getAttribute('aria-invalid')).toBe('true');
    const statusError = screen.getByText("'lost' is not an appointment status.");
    expect(screen.getByRole('group', { name: 'Appointment Statuses to Hide' }).contains(statusError)).toBe(true);
  });

  it('offers to reload when someone else saved first', async () => {
    const { calls } = renderPage({
      [`GET ${SETTINGS}`]: [() => json(200, portalSettings()), () => json(200, portalSettings({ version: 9, passcodeTimeoutMinutes: 1440 }))],
      [`PUT ${SETTINGS}`]: () => problem(409, 'settings_changed', 'Someone saved these settings after you opened them.'),
    });
    await loaded();
    fireEvent.click(saveButton());
    expect((await screen.findByRole('alert')).textContent).toContain('Someone else saved these settings after you opened them.');
    fireEvent.click(screen.getByRole('button', { name: 'Reload settings' }));
    await screen.findByText('The settings were reloaded.');
    expect(select().value).toBe('1440');
    expect(calls.filter((call) => call.method === 'GET' && call.url === SETTINGS)).toHaveLength(2);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('translates known refusals: only the owner can turn the portal on', async () => {
    renderPage({
      [`GET ${SETTINGS}`]: () => json(200, portalSettings()),
      [`PUT ${SETTINGS}`]: () => problem(403, 'portal_enable_requires_owner', 'Only the owner.'),
    });
    await loaded();
    fireEvent.click(saveButton());
    expect((await screen.findByRole('alert')).textContent).toContain("Only the clinic's account owner can turn the portal on.");
  });

  it('falls back to the server detail for unknown problems', async () => {
    renderPage({
      [`GET ${SETTINGS}`]: () => json(200, portalSettings()),
      [`PUT ${SETTINGS}`]: () => problem(400, 'something_new', 'A new kind of problem.'),
    });
    await loaded();
    fireEvent.click(saveButton());
    expect((await screen.findByRole('alert')).textContent).toContain('A new kind of problem.');
  });

  it('is read-only for staff', async () => {
    renderPage({
      [`GET ${SETTINGS}`]: () =>
        json(200, portalSettings({ permissions: { canEdit: false, canEnablePortal: false, canManageStripe: false } })),
    });
    await loaded();
    expect(screen.getByText("Only the clinic's owners and administrators can change these settings.")).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Save Portal Settings' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Save Stripe keys' })).toBeNull();
    expect(screen.queryByLabelText('Select a background image')).toBeNull();
    for (const box of screen.getAllByRole('checkbox')) {
      expect((box as HTMLInputElement).disabled).toBe(true);
    }
    expect(select().disabled).toBe(true);
    expect(radio('ID and date of birth').disabled).toBe(true);
  });

  it('lets only the owner turn the portal on', async () => {
    renderPage({
      [`GET ${SETTINGS}`]: () =>
        json(200, portalSettings({ portalEnabled: false, permissions: { canEdit: true, canEnablePortal: false, canManageStripe: true } })),
    });
    await loaded();
    const toggle = checkbox('Portal Accessibility');
    expect(toggle.disabled).toBe(true);
    const note = screen.getByText("Only the clinic's account owner can turn the portal on.");
    expect(toggle.getAttribute('aria-describedby')).toContain(note.id);
    expect(checkbox('Patient Registration').disabled).toBe(false);
  });

  it('keeps Portal Billing off until the Stripe keys are saved', async () => {
    renderPage({
      [`GET ${SETTINGS}`]: () =>
        json(200, portalSettings({ stripe: { configured: false, publishableKey: null, secretKeyLast4: null, webhookSecretConfigured: false } })),
      'PUT /api/clinics/demo/settings/stripe': () =>
        json(200, { configured: true, publishableKey: 'pk_test_0123456789', secretKeyLast4: '6789', webhookSecretConfigured: true }),
    });
    await loaded();
    expect(checkbox('Portal Billing').disabled).toBe(true);
    expect(screen.getByText('Not configured')).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Publishable key'), { target: { value: 'pk_test_0123456789' } });
    fireEvent.change(screen.getByLabelText('Secret key'), { target: { value: 'sk_test_0123456789' } });
    fireEvent.change(screen.getByLabelText('Webhook signing secret (optional)'), { target: { value: 'whsec_0123456789' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save Stripe keys' }));

    await screen.findByText('Stripe keys saved.');
    expect(screen.getByText('Configured: pk_test_0123456789, secret key ending in 6789')).toBeTruthy();
    expect(checkbox('Portal Billing').disabled).toBe(false);
    expect((screen.getByLabelText('Secret key') as HTMLInputElement).value).toBe('');
    expect((screen.getByLabelText('Secret key') as HTMLInputElement).type).toBe('password');
  });

  it('sends the Stripe keys and shows field errors', async () => {
    const { calls } = renderPage({
      [`GET ${SETTINGS}`]: () => json(200, portalSettings()),
      'PUT /api/clinics/demo/settings/stripe': () =>
        problem(400, 'validation_failed', 'One or more fields are not valid.', {
          errors: { publishableKey: ['A publishable key starts with pk_test_ or pk_live_.'] },
        }),
    });
    await loaded();
    fireEvent.change(screen.getByLabelText('Publishable key'), { target: { value: 'nope' } });
    fireEvent.change(screen.getByLabelText('Secret key'), { target: { value: 'sk_test_0123456789' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save Stripe keys' }));
    const message = await screen.findByText('A publishable key starts with pk_test_ or pk_live_.');
    expect(screen.getByLabelText('Publishable key').getAttribute('aria-describedby')).toBe(message.id);
    expect(calls.find((call) => call.url.endsWith('/settings/stripe'))!.json).toEqual({
      publishableKey: 'nope',
      secretKey: 'sk_test_0123456789',
      webhookSigningSecret: null,
    });
  });

  it('explains why the Stripe keys cannot be removed while billing uses them', async () => {
    renderPage({
      [`GET ${SETTINGS}`]: () => json(200, portalSettings({ billingEnabled: true })),
      'DELETE /api/clinics/demo/settings/stripe': () => problem(409, 'billing_uses_stripe', 'Turn off billing first.'),
    });
    await loaded();
    fireEvent.click(screen.getByRole('button', { name: 'Remove Stripe keys' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Turn off Portal Billing and save before removing the Stripe keys.');
  });

  it('removes the Stripe keys', async () => {
    renderPage({
      [`GET ${SETTINGS}`]: () => json(200, portalSettings()),
      'DELETE /api/clinics/demo/settings/stripe': () => noContent(),
    });
    await loaded();
    fireEvent.click(screen.getByRole('button', { name: 'Remove Stripe keys' }));
    await screen.findByText('Stripe keys removed.');
    expect(screen.getByText('Not configured')).toBeTruthy();
    expect(checkbox('Portal Billing').disabled).toBe(true);
  });

  it('uploads a chosen background image at once, previews it, and saves its id', async () => {
    const image = { id: 'img-42', url: '/api/clinics/demo/settings/portal/background-images/img-42', contentType: 'image/png', width: 600, height: 400 };
    const { calls } = renderPage({
      [`GET ${SETTINGS}`]: () => json(200, portalSettings()),
      'POST /api/clinics/demo/settings/portal/background-images': () => json(201, image),
      [`PUT ${SETTINGS}`]: () => json(200, portalSettings({ backgroundImage: image, version: 4 })),
    });
    await loaded();
    const input = screen.getByLabelText('Select a background image') as HTMLInputElement;
    expect(input.type).toBe('file');
    expect(input.accept).toBe('image/png,image/jpeg,image/webp');
    const file = new File([new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10])], 'logo.png', { type: 'image/png' });
    await act(async () => {
      fireEvent.change(input, { target: { files: [file] } });
    });

    const preview = (await screen.findByRole('img', { name: 'Preview of the portal background image' })) as HTMLImageElement;
    expect(preview.getAttribute('src')).toBe(image.url);
    const upload = calls.find((call) => call.method === 'POST')!;
    expect([...new Uint8Array(await upload.body!.arrayBuffer())]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    expect(upload.headers['content-type']).toBe('image/png');
    expect(upload.headers['x-csrf-token']).toBe('token-1');

    fireEvent.click(saveButton());
    await screen.findByText('Portal settings saved.');
    expect((calls.find((call) => call.method === 'PUT')!.json as { backgroundImageId: string }).backgroundImageId).toBe('img-42');
  });

  it('removes the background image when saved', async () => {
    const image = { id: 'img-1', url: '/img-1', contentType: 'image/png', width: 10, height: 10 };
    const { calls } = renderPage({
      [`GET ${SETTINGS}`]: () => json(200, portalSettings({ backgroundImage: image })),
      [`PUT ${SETTINGS}`]: () => json(200, portalSettings({ version: 4 })),
    });
    await screen.findByRole('img', { name: 'Preview of the portal background image' });
    fireEvent.click(screen.getByRole('button', { name: 'Remove background image' }));
    expect(screen.queryByRole('img', { name: 'Preview of the portal background image' })).toBeNull();
    fireEvent.click(saveButton());
    await screen.findByText('Portal settings saved.');
    expect((calls.find((call) => call.method === 'PUT')!.json as { backgroundImageId: string | null }).backgroundImageId).toBeNull();
  });

  it('refuses files that are not PNG, JPEG or WebP without uploading them, and explains 415 and 413 answers', async () => {
    const { calls } = renderPage({
      [`GET ${SETTINGS}`]: () => json(200, portalSettings()),
      'POST /api/clinics/demo/settings/portal/background-images': [
        () => problem(415, 'unsupported_image', 'Not an image.'),
        () => new Response('', { status: 413 }),
      ],
    });
    await loaded();
    const input = screen.getByLabelText('Select a background image');
    await act(async () => {
      fireEvent.change(input, { target: { files: [new File(['hello'], 'notes.txt', { type: 'text/plain' })] } });
    });
    expect((await screen.findByRole('alert')).textContent).toBe('This file is not a PNG, JPEG or WebP image. Choose another file.');
    expect(calls.some((call) => call.method === 'POST')).toBe(false);

    await act(async () => {
      fireEvent.change(input, { target: { files: [new File(['fake'], 'fake.png', { type: 'image/png' })] } });
    });
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('This file is not a PNG, JPEG or WebP image. Choose another file.'));
    expect(calls.filter((call) => call.method === 'POST')).toHaveLength(1);

    await act(async () => {
      fireEvent.change(input, { target: { files: [new File(['big'], 'big.png', { type: 'image/png' })] } });
    });
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('This image is too large. Choose an image of 5 MB or less.'));
  });

  it('asks to sign in again when the session has ended', async () => {
    const { onSessionEnded } = renderPage({ [`GET ${SETTINGS}`]: () => problem(401, 'sign_in_required', 'Sign in to continue.') });
    await waitFor(() => expect(onSessionEnded).toHaveBeenCalled());
  });

  it('speaks French', async () => {
    window.localStorage.setItem('portal.lang', 'fr');
    renderPage({ [`GET ${SETTINGS}`]: () => json(200, portalSettings()) });
    await screen.findByRole('combobox', { name: "Délai d'expiration pour les patients" });
    expect(screen.getByRole('heading', { level: 1, name: 'Portail patient' })).toBeTruthy();
    expect(checkbox('Accessibilité du portail').checked).toBe(true);
    expect(screen.getByRole('button', { name: 'Enregistrer les paramètres du portail' })).toBeTruthy();
    expect(screen.getByRole('combobox', { name: "Délai d'expiration pour les patients" })).toBeTruthy();
    expect(screen.getByRole('option', { name: '3 jours' })).toBeTruthy();
  });
});
