import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  enabledItems,
  fromResponse,
  missingRequired,
  toResponse,
  totalScore,
  type Answer,
  type Questionnaire,
  type QuestionnaireResponse,
} from '../src/shared/questionnaire/fhir';
import { patientProfile, patientSignedIn } from './fixtures';
import { axeViolations, json, problem } from './helpers';
import { API, ME, inFrench, renderPortal } from './portal-helpers';

const STARTERS = join(dirname(fileURLToPath(import.meta.url)), '../../../modules/Questionnaires/Portal.Questionnaires/Starters');
const starter = (name: string, lang: 'en' | 'fr') => JSON.parse(readFileSync(join(STARTERS, `${name}.${lang}.json`), 'utf8')) as Questionnaire;

const APPOINTMENT = '0193a1b2-0000-7000-8000-00000000d001';
const INTAKE = '0193a1b2-0000-7000-8000-0000000000a1';
const FORM = (lang: string) => `GET ${API}/questionnaires/appointments/${APPOINTMENT}/${INTAKE}?language=${lang}`;
const DRAFT = (lang: string) => `PUT ${API}/questionnaires/appointments/${APPOINTMENT}/${INTAKE}/draft?language=${lang}`;
const SUBMIT = (lang: string) => `POST ${API}/questionnaires/appointments/${APPOINTMENT}/${INTAKE}/submission?language=${lang}`;

function form(lang: 'en' | 'fr', status = 'to_do', response: QuestionnaireResponse | null = null) {
  return {
    appointmentId: APPOINTMENT,
    questionnaireId: INTAKE,
    versionId: '0193a1b2-0000-7000-8000-0000000000b1',
    language: lang,
    title: lang === 'en' ? 'General intake' : "Questionnaire d'accueil",
    dueAt: '2026-12-06T09:00:00-05:00',
    status,
    submittedAt: status === 'submitted' ? '2026-12-05T15:00:00-05:00' : null,
    totalScore: null,
    questionnaire: starter('general-intake', lang),
    response,
  };
}

const answers = (pairs: [string, Answer[]][]) => Object.fromEntries(pairs);

afterEach(() => {
  window.localStorage.clear();
  window.sessionStorage.clear();
});

describe('the questionnaire rules in the page', () => {
  const intake = starter('general-intake', 'en');
  const mood = starter('mood-screen', 'en');

  it('shows a question that depends on a "yes" only after the yes, and leaves its answer out once hidden again', () => {
    expect(enabledItems(intake, {})['allergies-detail']).toBe(false);
    expect(enabledItems(intake, answers([['allergies', [{ valueBoolean: true }]]]))['allergies-detail']).toBe(true);
    const hidden = answers([
      ['allergies', [{ valueBoolean: false }]],
      ['allergies-detail', [{ valueString: 'Peanuts' }]],
      ['reason', [{ valueString: 'Check-up' }]],
    ]);
    const response = toResponse(intake, hidden);
    expect(JSON.stringify(response)).not.toContain('Peanuts');
    expect(fromResponse(response)).toEqual({ allergies: [{ valueBoolean: false }], reason: [{ valueString: 'Check-up' }] });
  });

  it('says which required questions are still missing, the conditional one only when shown', () => {
    expect(missingRequired(intake, {}).map((item) => item.linkId)).toEqual(['allergies', 'reason']);
    expect(missingRequired(intake, answers([['allergies', [{ valueBoolean: true }]]])).map((item) => item.linkId)).toEqual([
      'allergies-detail',
      'reason',
    ]);
  });

  it('adds up the mood screen and writes the total into the response', () => {
    const chosen = answers([
      ['mood-1', [{ valueCoding: { system: 'urn:portal:frequency', code: '3' } }]],
      ['mood-2', [{ valueCoding: { system: 'urn:portal:frequency', code: '1' } }]],
    ]);
    expect(totalScore(mood, chosen, enabledItems(mood, chosen))).toBe(4);
    const total = toResponse(mood, chosen).item!.find((item) => item.linkId === 'total');
    expect(total?.answer).toEqual([{ valueInteger: 4 }]);
  });
});

describe('the questionnaire page', { timeout: 30_000 }, () => {
  const render = (lang: 'en' | 'fr', routes = {}) =>
    renderPortal(`/demo/appointments/${APPOINTMENT}/questionnaires/${INTAKE}`, {
      [ME]: () => json(200, patientSignedIn(patientProfile())),
      [FORM(lang)]: () => json(200, form(lang)),
      [DRAFT(lang)]: () => json(200, form(lang, 'draft')),
      ...routes,
    });

  it('asks the conditional question after "yes", announces what is missing, and submits the answers as a QuestionnaireResponse', async () => {
    const { calls } = render('en', { [SUBMIT('en')]: () => json(200, form('en', 'submitted')) });
    expect(await screen.findByRole('heading', { level: 2, name: 'General intake' })).toBeTruthy();
    expect(screen.queryByLabelText(/What are you allergic to/)).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Submit' }));
    const summary = (await screen.findByText('Answers that need attention (2):')).closest('[role="alert"]')!;
    expect(summary.textContent).toContain('Do you have any allergies?: Answer this question.');
    expect(summary.textContent).toContain('What is the main reason for your visit?: Answer this question.');
    const allergies = screen.getByRole('group', { name: /Do you have any allergies/ });
    expect(allergies.getAttribute('aria-invalid')).toBe('true');

    fireEvent.click(within(allergies).getByLabelText('Yes'));
    const detail = await screen.findByLabelText(/What are you allergic to/);
    fireEvent.change(detail, { target: { value: 'Peanuts: hives' } });
    fireEvent.change(screen.getByLabelText(/main reason for your visit/), { target: { value: 'Check-up' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'Medicines you take' }), { target: { value: 'Metformin' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add another Medicines you take' }));
    fireEvent.change(screen.getByLabelText('Medicines you take (2)'), { target: { value: 'Ramipril' } });
    fireEvent.click(screen.getByLabelText('Asthma'));
    fireEvent.click(screen.getByRole('button', { name: 'Submit' }));

    await waitFor(() => expect(calls.some((call) => call.method === 'POST')).toBe(true));
    const sent = calls.find((call) => call.method === 'POST')!.json as QuestionnaireResponse;
    expect(fromResponse(sent)).toEqual({
      allergies: [{ valueBoolean: true }],
      'allergies-detail': [{ valueString: 'Peanuts: hives' }],
      medications: [{ valueString: 'Metformin' }, { valueString: 'Ramipril' }],
      conditions: [{ valueCoding: { system: 'urn:portal:conditions', code: 'asthma', display: 'Asthma' } }],
      reason: [{ valueString: 'Check-up' }],
    });
    expect(await axeViolations()).toEqual([]);
  });

  it('saves a draft as the patient goes', async () => {
    const { calls } = render('en');
    await screen.findByRole('heading', { level: 2, name: 'General intake' });
    fireEvent.click(within(screen.getByRole('group', { name: /Do you have any allergies/ })).getByLabelText('No'));
    await waitFor(() => expect(calls.some((call) => call.method === 'PUT')).toBe(true), { timeout: 4000 });
    expect(fromResponse(calls.find((call) => call.method === 'PUT')!.json as QuestionnaireResponse)).toEqual({ allergies: [{ valueBoolean: false }] });
    expect(await screen.findByText('Your answers are saved.')).toBeTruthy();
  });

  it('puts the server’s refusal of an answer beside its question, in French', async () => {
    inFrench();
    render('fr', {
      [SUBMIT('fr')]: () =>
        problem(400, 'response_invalid', 'Some answers need attention.', {
          fieldCodes: { reason: ['max_length'] },
          errors: { reason: ['Write at most 1000 characters.'] },
        }),
    });
    await screen.findByRole('heading', { level: 2, name: "Questionnaire d'accueil" });
    fireEvent.click(within(screen.getByRole('group', { name: /Avez-vous des allergies/ })).getByLabelText('Non'));
    fireEvent.change(screen.getByLabelText(/raison principale/), { target: { value: 'x' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Envoyer' }));
    });
    expect((await screen.findByText('Réponses à revoir (1) :')).closest('[role="alert"]')!.textContent).toContain('Cette réponse est trop longue.');
    expect(screen.getByLabelText(/raison principale/).getAttribute('aria-invalid')).toBe('true');
    expect(await axeViolations()).toEqual([]);
  });

  it('shows a submitted questionnaire read-only', async () => {
    render('en', {
      [FORM('en')]: () => json(200, form('en', 'submitted', { resourceType: 'QuestionnaireResponse', status: 'completed', item: [{ linkId: 'health', item: [{ linkId: 'allergies', answer: [{ valueBoolean: false }] }] }] })),
    });
    expect(await screen.findByText(/can no longer be changed/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Submit' })).toBeNull();
    const no = within(screen.getByRole('group', { name: /Do you have any allergies/ })).getByLabelText('No') as HTMLInputElement;
    expect(no.checked).toBe(true);
    expect(no.disabled).toBe(true);
  });
});

describe('a questionnaire sent on its own', { timeout: 30_000 }, () => {
  const SENT = '0193a1b2-0000-7000-8000-0000000000c1';
  const sentForm = (status = 'to_do') => ({ ...form('en', status), appointmentId: null, sentId: SENT, dueAt: null });

  it('opens from its message link, with no due time and the way back to the messages, and submits to its own address', async () => {
    const server = renderPortal(`/demo/questionnaires/${SENT}`, {
      [ME]: () => json(200, patientSignedIn(patientProfile())),
      [`GET ${API}/questionnaires/sent/${SENT}?language=en`]: () => json(200, sentForm()),
      [`POST ${API}/questionnaires/sent/${SENT}/submission?language=en`]: () => json(200, sentForm('submitted')),
    });
    expect(await screen.findByRole('heading', { name: 'General intake', level: 2 })).toBeTruthy();
    expect(screen.getByText('Your answers are saved as you go; they reach the clinic when you submit.')).toBeTruthy();
    expect(screen.getByRole('link', { name: /Back/ }).getAttribute('href')).toBe('/demo/messages');
    fireEvent.click(within(screen.getByRole('group', { name: /Do you have any allergies/ })).getByLabelText('No'));
    fireEvent.change(screen.getByRole('textbox', { name: /What is the main reason/ }), { target: { value: 'Check-up' } });
    fireEvent.click(screen.getByRole('button', { name: 'Submit' }));
    await waitFor(() => expect(server.calls.some((call) => call.method === 'POST' && call.url.startsWith(`${API}/questionnaires/sent/${SENT}/submission`))).toBe(true));
    expect(await axeViolations()).toEqual([]);
  });
});
