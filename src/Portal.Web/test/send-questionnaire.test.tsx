import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { AdminApp } from '../src/admin/AdminApp';
import { adminMessages } from '../src/admin/messages';
import { STORAGE_KEY } from '../src/shared/i18n/language';
import { ANTIFORGERY, axeViolations, json, mockServer, problem, renderWithI18n, type Handler } from './helpers';
import { PATIENT_ID, idTypes, owner, patientChart, staffSignedIn } from './fixtures';

const API = '/api/clinics/demo';
const Q = `${API}/questionnaires`;
const SEND = `POST ${Q}/patients/${PATIENT_ID}/sent`;
const INTAKE = '0190f5a2-1111-7000-8000-000000000001';
const MOOD = '0190f5a2-1111-7000-8000-000000000002';
const SENT = '0190f5a2-6666-7000-8000-000000000001';
const CONVERSATION = '0190f5a2-7777-7000-8000-000000000001';

const languages = (en: string, fr: string) => [{ language: 'en', title: en }, { language: 'fr', title: fr }];

const library = {
  items: [
    {
      id: INTAKE, url: 'urn:portal:questionnaire:general-intake', starter: true,
      versions: [{ id: '0190f5a2-2222-7000-8000-000000000001', version: '1', importedAt: '2026-11-01T15:00:00Z', languages: languages('General intake', "Questionnaire d'accueil") }],
    },
    {
      id: MOOD, url: 'urn:portal:questionnaire:mood-screen', starter: true,
      versions: [{ id: '0190f5a2-2222-7000-8000-000000000002', version: '1', importedAt: '2026-11-01T15:00:00Z', languages: languages('Mood screen', 'Dépistage de l’humeur') }],
    },
  ],
};

function renderTab(send: Handler | Handler[]) {
  window.history.replaceState(null, '', `/demo/admin/patients/${PATIENT_ID}/questionnaires`);
  const server = mockServer({
    'GET /api/antiforgery': () => json(200, ANTIFORGERY),
    [`GET ${API}/staff/session`]: () => json(200, staffSignedIn(owner)),
    [`GET ${API}/portal`]: () => json(200, { slug: 'demo', clinicName: 'Demo Family Clinic', defaultLanguage: 'en', timeZone: 'America/Toronto' }),
    [`GET ${API}/registration/id-types`]: () => json(200, idTypes()),
    [`GET ${API}/patients/${PATIENT_ID}`]: () => json(200, patientChart()),
    [`GET ${Q}/patients/${PATIENT_ID}/responses`]: () => json(200, { items: [] }),
    [`GET ${Q}`]: () => json(200, library),
    [SEND]: send,
  });
  renderWithI18n(<AdminApp />, adminMessages);
  return server;
}

const sent = (title: string) =>
  json(201, { id: SENT, patientId: PATIENT_ID, questionnaireId: MOOD, title, sentAt: '2026-12-01T15:00:00Z', conversationId: CONVERSATION });

describe('sending a patient a questionnaire from the chart', { timeout: 30_000 }, () => {
  it('lists the library, asks for a choice before sending, posts the chosen questionnaire and links to the message', async () => {
    const consoleErrors = vi.spyOn(console, 'error');
    const { calls } = renderTab(() => sent('Mood screen'));
    const form = await screen.findByRole('form', { name: 'Send a questionnaire' });
    const select = within(form).getByLabelText('Questionnaire') as HTMLSelectElement;
    await waitFor(() => expect([...select.options].map((option) => option.textContent)).toEqual(['Choose a questionnaire', 'General intake', 'Mood screen']));

    fireEvent.click(within(form).getByRole('button', { name: 'Send to the patient' }));
    expect(await within(form).findByText('Choose the questionnaire to send.')).toBeTruthy();
    expect(select.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(select);
    expect(calls.some((call) => call.method === 'POST')).toBe(false);

    fireEvent.change(select, { target: { value: MOOD } });
    expect(within(form).queryByText('Choose the questionnaire to send.')).toBeNull();
    fireEvent.click(within(form).getByRole('button', { name: 'Send to the patient' }));
    expect(await within(form).findByText(/Sent: Mood screen\./)).toBeTruthy();
    const post = calls.filter((call) => call.method === 'POST');
    expect(post).toHaveLength(1);
    expect(post[0]!.url).toBe(`${Q}/patients/${PATIENT_ID}/sent`);
    expect(post[0]!.json).toEqual({ questionnaireId: MOOD });
    expect(post[0]!.headers['x-csrf-token']).toBe('token-1');
    expect(within(form).getByRole('link', { name: 'See the message' }).getAttribute('href')).toBe(`/demo/admin/messages/${CONVERSATION}`);
    expect(select.value).toBe('');
    expect(await axeViolations()).toEqual([]);
    expect(consoleErrors).not.toHaveBeenCalled();
  });

  it("shows the server's problem when the questionnaire is gone, and its own text for a code it does not know", async () => {
    renderTab([
      () => problem(404, 'questionnaire_not_found', 'There is no such questionnaire.'),
      () => problem(400, 'validation_failed', 'Check the questionnaire you chose.'),
    ]);
    const form = await screen.findByRole('form', { name: 'Send a questionnaire' });
    const select = within(form).getByLabelText('Questionnaire') as HTMLSelectElement;
    await waitFor(() => expect(select.options).toHaveLength(3));
    fireEvent.change(select, { target: { value: INTAKE } });
    fireEvent.click(within(form).getByRole('button', { name: 'Send to the patient' }));
    expect((await within(form).findByRole('alert')).textContent).toBe('This questionnaire is no longer in the library.');
    fireEvent.click(within(form).getByRole('button', { name: 'Send to the patient' }));
    await waitFor(() => expect(within(form).getByRole('alert').textContent).toBe('Check the questionnaire you chose.'));
  });

  it('speaks French: the titles, the missing choice and the problem', async () => {
    window.localStorage.setItem(STORAGE_KEY, 'fr');
    const { calls } = renderTab(() => problem(404, 'patient_not_found', 'There is no such patient.'));
    const form = await screen.findByRole('form', { name: 'Envoyer un questionnaire' });
    const select = within(form).getByLabelText('Questionnaire') as HTMLSelectElement;
    await waitFor(() =>
      expect([...select.options].map((option) => option.textContent)).toEqual(['Choisissez un questionnaire', "Questionnaire d'accueil", 'Dépistage de l’humeur']),
    );
    fireEvent.click(within(form).getByRole('button', { name: 'Envoyer au patient' }));
    expect(await within(form).findByText('Choisissez le questionnaire à envoyer.')).toBeTruthy();
    fireEvent.change(select, { target: { value: INTAKE } });
    fireEvent.click(within(form).getByRole('button', { name: 'Envoyer au patient' }));
    expect((await within(form).findByRole('alert')).textContent).toBe('Ce patient n’est pas au registre de la clinique.');
    expect(calls.find((call) => call.method === 'POST')?.json).toEqual({ questionnaireId: INTAKE });
  });
});
