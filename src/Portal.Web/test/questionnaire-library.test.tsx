import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { StaffProfile } from '../src/admin/api';
import { AdminApp } from '../src/admin/AdminApp';
import { adminMessages } from '../src/admin/messages';
import { ANTIFORGERY, axeViolations, json, mockServer, problem, renderWithI18n, type Handler } from './helpers';
import { owner, staffMember, staffSignedIn } from './fixtures';

const API = '/api/clinics/demo';
const Q = `${API}/questionnaires`;
const INTAKE = '0190f5a2-1111-7000-8000-000000000001';
const V1 = '0190f5a2-2222-7000-8000-000000000001';
const V2 = '0190f5a2-2222-7000-8000-000000000002';
const TYPE = '0190f5a2-3333-7000-8000-000000000001';
const APPOINTMENT = '0190f5a2-4444-7000-8000-000000000001';
const RESPONSE = '0190f5a2-5555-7000-8000-000000000001';

const library = {
  items: [
    {
      id: INTAKE,
      url: 'urn:portal:questionnaire:general-intake',
      starter: true,
      versions: [
        { id: V2, version: '2', importedAt: '2026-11-02T15:00:00Z', languages: [{ language: 'en', title: 'General intake' }, { language: 'fr', title: "Questionnaire d'accueil" }] },
        { id: V1, version: '1', importedAt: '2026-11-01T15:00:00Z', languages: [{ language: 'en', title: 'General intake' }] },
      ],
    },
  ],
};

const type = {
  id: TYPE, nameEn: 'Follow-up visit', nameFr: 'Visite de suivi', durationMinutes: 15, mode: 'in_person', bookableOnline: true,
  bufferBeforeMinutes: 0, bufferAfterMinutes: 0, providerIds: [], active: true,
};

const questionnaire = (language: 'en' | 'fr') => ({
  resourceType: 'Questionnaire',
  url: 'urn:portal:questionnaire:general-intake',
  version: '2',
  language,
  title: language === 'fr' ? "Questionnaire d'accueil" : 'General intake',
  status: 'active',
  item: [
    { linkId: 'allergies', type: 'boolean', text: language === 'fr' ? 'Avez-vous des allergies ?' : 'Do you have any allergies?', required: true },
    {
      linkId: 'detail', type: 'string', text: language === 'fr' ? 'Lesquelles ?' : 'What are you allergic to?',
      enableWhen: [{ question: 'allergies', operator: '=', answerBoolean: true }],
    },
  ],
});

function renderAdmin(path: string, routes: Record<string, Handler | Handler[]>, profile: StaffProfile = owner) {
  window.history.replaceState(null, '', path);
  const server = mockServer({
    'GET /api/antiforgery': () => json(200, ANTIFORGERY),
    [`GET ${API}/staff/session`]: () => json(200, staffSignedIn(profile)),
    [`GET ${API}/portal`]: () => json(200, { slug: 'demo', clinicName: 'Demo Family Clinic', defaultLanguage: 'en', timeZone: 'America/Toronto' }),
    [`GET ${Q}`]: () => json(200, library),
    [`GET ${API}/appointments/types`]: () => json(200, { items: [type] }),
    [`GET ${Q}/pre-visit-tasks`]: () => json(200, { items: [{ appointmentTypeId: TYPE, tasks: [{ questionnaireId: INTAKE, dueMinutesBefore: 1440 }] }] }),
    ...routes,
  });
  renderWithI18n(<AdminApp />, adminMessages);
  return server;
}

describe('Settings > Questionnaires', { timeout: 30_000 }, () => {
  it('lists each version with its languages to preview, and lists the problems the server found in an import by place', async () => {
    const { calls } = renderAdmin('/demo/admin/settings/questionnaires', {
      [`POST ${Q}`]: () =>
        problem(400, 'questionnaire_unsupported', 'Portal cannot use this questionnaire as it is: see what each item needs.', {
          errors: {
            title: ['A questionnaire needs a title of at most 200 characters.'],
            q1: ['Portal does not render attachment items.'],
            born: ['Portal fills in from the chart only …'],
          },
          fieldCodes: { title: ['title_required'], q1: ['unsupported_item_type'], born: ['unsupported_initial_expression'] },
        }),
    });
    const table = await screen.findByRole('table', { name: 'Library' });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(screen.getByRole('link', { name: 'Questionnaires', current: 'page' })).toBeTruthy();
    expect(within(table).getByRole('link', { name: 'French preview of General intake, version 2' }).getAttribute('href')).toBe(
      `/demo/admin/settings/questionnaires/${INTAKE}?version=${V2}&language=fr`,
    );
    expect(((await screen.findByRole('checkbox', { name: 'General intake' })) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText('Hours before the appointment General intake is due') as HTMLInputElement).value).toBe('24');

    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect(await screen.findByText('Paste a questionnaire or choose its file.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('FHIR Questionnaire (JSON)'), { target: { value: '{"resourceType": "Questionnaire"' } });
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect(await screen.findByText(/This is not JSON/)).toBeTruthy();
    expect(calls.some((call) => call.method === 'POST')).toBe(false);

    fireEvent.change(screen.getByLabelText('FHIR Questionnaire (JSON)'), { target: { value: '{"resourceType": "Questionnaire", "item": []}' } });
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Portal cannot use this questionnaire as it is. What each part needs:');
    expect(within(alert).getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      'title: A questionnaire needs a title of at most 200 characters.',
      "q1: Portal's form does not render this type of item.",
      'born: Portal fills in from the chart only the legal given name (%patient.name.first().given.first()) or family name (%patient.name.first().family) on a string or text item, and the date of birth (%patient.birthDate) on a date item.',
    ]);
    await waitFor(() => expect(document.activeElement).toBe(alert));
    expect(calls.find((call) => call.method === 'POST')?.json).toEqual({ resourceType: 'Questionnaire', item: [] });
    expect(await axeViolations()).toEqual([]);
  });

  it('changes the due time of a pre-visit questionnaire and saves it for the type', async () => {
    const { calls } = renderAdmin('/demo/admin/settings/questionnaires', {
      [`PUT ${Q}/pre-visit-tasks/${TYPE}`]: () => json(200, { appointmentTypeId: TYPE, tasks: [{ questionnaireId: INTAKE, dueMinutesBefore: 120 }] }),
    });
    const due = (await screen.findByLabelText('Hours before the appointment General intake is due')) as HTMLInputElement;
    fireEvent.change(due, { target: { value: '-1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save for Follow-up visit' }));
    expect(await screen.findByText('Enter a number of hours from 0 to 720, in whole minutes.')).toBeTruthy();
    fireEvent.change(due, { target: { value: '2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save for Follow-up visit' }));
    expect(await screen.findByText('Saved for Follow-up visit.')).toBeTruthy();
    expect(calls.find((call) => call.method === 'PUT')?.json).toEqual({ tasks: [{ questionnaireId: INTAKE, dueMinutesBefore: 120 }] });
  });

  it('shows staff who cannot manage the library without the import form, and the tasks read-only', async () => {
    renderAdmin('/demo/admin/settings/questionnaires', {}, staffMember);
    expect(await screen.findByText('Only owners and admins can import questionnaires and change pre-visit tasks.')).toBeTruthy();
    expect(screen.queryByLabelText('FHIR Questionnaire (JSON)')).toBeNull();
    expect((await screen.findByRole('checkbox', { name: 'General intake' })).matches(':disabled')).toBe(true);
    expect(screen.queryByRole('button', { name: 'Save for Follow-up visit' })).toBeNull();
  });

  it('previews a version in French, with its questions shown as patients see them and tried out without saving', async () => {
    const { calls } = renderAdmin(`/demo/admin/settings/questionnaires/${INTAKE}?version=${V2}&language=fr`, {
      [`GET ${Q}/${INTAKE}/preview?language=fr&versionId=${V2}`]: () =>
        json(200, { questionnaireId: INTAKE, versionId: V2, version: '2', language: 'fr', title: "Questionnaire d'accueil", resource: questionnaire('fr') }),
    });
    expect(await screen.findByRole('heading', { name: "Preview: Questionnaire d'accueil", level: 1 })).toBeTruthy();
    expect(screen.getByText('Version 2, in Français.')).toBeTruthy();
    expect(screen.queryByRole('textbox', { name: /Lesquelles/ })).toBeNull();
    fireEvent.click(within(screen.getByRole('group', { name: /Avez-vous des allergies/ })).getByRole('radio', { name: 'Yes' }));
    expect(await screen.findByRole('textbox', { name: /Lesquelles/ })).toBeTruthy();
    expect(calls.filter((call) => call.method !== 'GET')).toEqual([]);
    expect(screen.getByRole('link', { name: 'English' }).getAttribute('href')).toBe(`/demo/admin/settings/questionnaires/${INTAKE}?version=${V2}&language=en`);
    expect(screen.getByRole('link', { name: '1' }).getAttribute('href')).toBe(`/demo/admin/settings/questionnaires/${INTAKE}?version=${V1}&language=fr`);
    expect(await axeViolations()).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Clear the answers' }));
    await waitFor(() => expect(screen.queryByRole('textbox', { name: /Lesquelles/ })).toBeNull());
  });
});

describe('a submitted questionnaire for staff', { timeout: 30_000 }, () => {
  it('shows the answers read-only, with the way back to the appointment it was for', async () => {
    renderAdmin(`/demo/admin/questionnaires/responses/${RESPONSE}`, {
      [`GET ${Q}/responses/${RESPONSE}`]: () =>
        json(200, {
          summary: {
            id: RESPONSE, questionnaireId: INTAKE, title: 'General intake', version: '2', appointmentId: APPOINTMENT,
            submittedAt: '2026-11-02T16:00:00Z', totalScore: null, documentId: RESPONSE,
          },
          patientId: APPOINTMENT,
          language: 'en',
          questionnaire: questionnaire('en'),
          response: {
            resourceType: 'QuestionnaireResponse', status: 'completed',
            item: [{ linkId: 'allergies', answer: [{ valueBoolean: true }] }, { linkId: 'detail', answer: [{ valueString: 'Peanuts' }] }],
          },
        }),
    });
    expect(await screen.findByRole('heading', { name: 'General intake', level: 1 })).toBeTruthy();
    expect((screen.getByRole('textbox', { name: /What are you allergic to/ }) as HTMLInputElement).value).toBe('Peanuts');
    expect(screen.getByRole('link', { name: 'Appointment' }).getAttribute('href')).toBe(`/demo/admin/appointments/${APPOINTMENT}`);
    expect(await axeViolations()).toEqual([]);
  });
});
