import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { StaffProfile } from '../src/admin/api';
import { AdminApp } from '../src/admin/AdminApp';
import { adminMessages } from '../src/admin/messages';
import { STORAGE_KEY } from '../src/shared/i18n/language';
import { ANTIFORGERY, json, mockServer, problem, renderWithI18n, type Handler } from './helpers';
import { PATIENT_ID, idTypes, owner, patientChart, patientListItem, staffMember, staffSignedIn } from './fixtures';

const API = '/api/clinics/demo';
const ID_TYPES = `GET ${API}/registration/id-types`;
const CHART = `${API}/patients/${PATIENT_ID}`;
const listUrl = (query: string) => `GET ${API}/patients?${query}`;
const PUBLIC = {
  [`GET ${API}/portal`]: () => json(200, { slug: 'demo', clinicName: 'Demo Family Clinic', defaultLanguage: 'en', timeZone: 'America/Toronto' }),
};

function renderAdmin(path: string, routes: Record<string, Handler | Handler[]>, profile: StaffProfile = owner) {
  window.history.replaceState(null, '', path);
  const server = mockServer({
    'GET /api/antiforgery': () => json(200, ANTIFORGERY),
    [`GET ${API}/staff/session`]: () => json(200, staffSignedIn(profile)),
    [ID_TYPES]: () => json(200, idTypes()),
    ...PUBLIC,
    ...routes,
  });
  renderWithI18n(<AdminApp />, adminMessages);
  return server;
}

function inFrench() {
  window.localStorage.setItem(STORAGE_KEY, 'fr');
}

const field = (name: string) => screen.getByLabelText(name) as HTMLInputElement;
const describedText = (element: HTMLElement) =>
  (element.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' | ');

describe('the patient list', () => {
  it('lists patients with their date of birth, identifier, chart number, contact and portal access', async () => {
    renderAdmin('/demo/admin/patients', {
      [listUrl('status=active&offset=0&limit=25')]: () =>
        json(200, { items: [patientListItem({ preferredName: 'Cam' })], offset: 0, limit: 25, hasMore: false, matchedBy: 'all' }),
    });
    const table = await screen.findByRole('table', { name: 'Active patients' });
    expect(screen.getByRole('heading', { level: 1, name: 'Patients' })).toBeTruthy();
    expect(within(table).getAllByRole('columnheader').map((cell) => cell.textContent)).toEqual([
      'Name', 'Date of birth', 'Primary identifier', 'Chart number', 'Contact', 'Portal access',
    ]);
    const row = within(table).getAllByRole('row')[1]!;
    const link = within(row).getByRole('link', { name: 'Tremblay, Camille' });
    expect(link.getAttribute('href')).toBe(`/demo/admin/patients/${PATIENT_ID}`);
    expect(row.textContent).toContain('Preferred name: Cam');
    expect(row.textContent).toContain('March 9, 1984');
    expect(row.textContent).toContain('9876543217 AB');
    await waitFor(() => expect(row.textContent).toContain('Ontario (OHIP)'));
    expect(row.textContent).toContain('A-1001');
    expect(row.textContent).toContain('camille@example.com');
    expect(row.textContent).toContain('+1 613-555-0123');
    expect(within(row).getAllByRole('cell').at(-1)!.textContent).toBe('Off');
    expect(screen.getByRole('link', { name: 'New patient' }).getAttribute('href')).toBe('/demo/admin/patients/new');
    expect(screen.getByRole('link', { name: 'Patients' , current: 'page' })).toBeTruthy();
  });

  it('searches for what is typed, keeps it in the address, and follows Back', async () => {
    const { calls } = renderAdmin('/demo/admin/patients', {
      [listUrl('status=active&offset=0&limit=25')]: () =>
        json(200, { items: [patientListItem(), patientListItem({ id: 'p-2', legalFamilyName: 'Roy', legalGivenName: 'Luc' })], offset: 0, limit: 25, hasMore: false, matchedBy: 'all' }),
      [listUrl('q=Tremblay%20Cam&status=all&offset=0&limit=25')]: () =>
        json(200, { items: [patientListItem({ active: false })], offset: 0, limit: 25, hasMore: false, matchedBy: 'name' }),
    });
    await screen.findByRole('link', { name: 'Roy, Luc' });

    fireEvent.change(screen.getByRole('searchbox', { name: 'Search patients' }), { target: { value: '  Tremblay   Cam ' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Show' }), { target: { value: 'all' } });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));

    expect(await screen.findByText(/Found by name\./)).toBeTruthy();
    expect(window.location.pathname + window.location.search).toBe('/demo/admin/patients?q=Tremblay+Cam&status=all');
    expect(screen.queryByRole('link', { name: 'Roy, Luc' })).toBeNull();
    expect(screen.getByRole('heading', { level: 2, name: 'Results for “Tremblay Cam”' })).toBeTruthy();
    expect(screen.getByText('1 patient found.', { exact: false })).toBeTruthy();
    expect(screen.getByText('Inactive')).toBeTruthy();

    act(() => {
      window.history.back();
    });
    await waitFor(() => expect(window.location.search).toBe(''));
    expect(await screen.findByRole('link', { name: 'Roy, Luc' })).toBeTruthy();
    expect((screen.getByRole('searchbox', { name: 'Search patients' }) as HTMLInputElement).value).toBe('');
    expect((screen.getByRole('combobox', { name: 'Show' }) as HTMLSelectElement).value).toBe('active');
    expect(calls.filter((call) => call.url.startsWith(`${API}/patients?`)).map((call) => call.url)).toEqual([
      `${API}/patients?status=active&offset=0&limit=25`,
      `${API}/patients?q=Tremblay%20Cam&status=all&offset=0&limit=25`,
      `${API}/patients?status=active&offset=0&limit=25`,
    ]);
  });

  it('opens with the search in the address and shows more on request', async () => {
    renderAdmin('/demo/admin/patients?q=tremblay', {
      [listUrl('q=tremblay&status=active&offset=0&limit=25')]: () =>
        json(200, { items: [patientListItem()], offset: 0, limit: 25, hasMore: true, matchedBy: 'name' }),
      [listUrl('q=tremblay&status=active&offset=1&limit=25')]: () =>
        json(200, { items: [patientListItem({ id: 'p-2', legalGivenName: 'Zoé' })], offset: 1, limit: 25, hasMore: false, matchedBy: 'name' }),
    });
    expect(await screen.findByText(/1 patients shown; there are more\./)).toBeTruthy();
    expect((screen.getByRole('searchbox', { name: 'Search patients' }) as HTMLInputElement).value).toBe('tremblay');

    fireEvent.click(screen.getByRole('button', { name: 'Show more patients' }));
    const added = await screen.findByRole('link', { name: 'Tremblay, Zoé' });
    expect(screen.getByRole('link', { name: 'Tremblay, Camille' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Show more patients' })).toBeNull();
    expect(screen.getByText(/2 patients found\./)).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(added));
  });

  it('says when nothing matches, and suggests searching inactive patients too', async () => {
    renderAdmin('/demo/admin/patients?q=nobody', {
      [listUrl('q=nobody&status=active&offset=0&limit=25')]: () => json(200, { items: [], offset: 0, limit: 25, hasMore: false, matchedBy: 'name' }),
    });
    expect(await screen.findByText('No patient matches “nobody”.')).toBeTruthy();
    expect(screen.getByText(/choose All patients to search them all/)).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('speaks French', async () => {
    inFrench();
    renderAdmin('/demo/admin/patients', {
      [listUrl('status=active&offset=0&limit=25')]: () =>
        json(200, { items: [patientListItem({ portalAccess: true })], offset: 0, limit: 25, hasMore: false, matchedBy: 'all' }),
    });
    const table = await screen.findByRole('table', { name: 'Patients actifs' });
    expect(screen.getByRole('searchbox', { name: 'Rechercher des patients' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Nouveau patient' })).toBeTruthy();
    expect(table.textContent).toContain('9 mars 1984');
    await waitFor(() => expect(table.textContent).toContain('Ontario (RAMO)'));
    expect(table.textContent).toContain('Activé');
  });
});

describe('the new patient form', () => {
  it('creates the patient from what was typed and opens the chart', async () => {
    const created = patientChart({ preferredName: null, address: null, mobiles: [], identifiers: [{ type: 'ON', number: '9876543217', versionCode: 'AB' }], portal: { ...patientChart().portal, access: true } });
    const { calls } = renderAdmin('/demo/admin/patients/new', {
      [`POST ${API}/patients`]: () => json(201, created),
      [`GET ${CHART}`]: () => json(200, created),
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'New patient' })).toBeTruthy();
    await screen.findByRole('button', { name: 'Create patient' });
    fireEvent.change(field('Legal given name'), { target: { value: 'Camille' } });
    fireEvent.change(field('Legal family name'), { target: { value: 'Tremblay' } });
    fireEvent.change(field('Date of birth'), { target: { value: '1984-03-09' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Sex' }), { target: { value: 'female' } });
    fireEvent.change(field('Email 1'), { target: { value: 'camille@example.com' } });

    // The version code is there only for a card that uses one.
    const type = screen.getByRole('combobox', { name: 'ID type 1' }) as HTMLSelectElement;
    expect(screen.queryByLabelText('Version code 1')).toBeNull();
    fireEvent.change(type, { target: { value: 'QC' } });
    expect(screen.queryByLabelText('Version code 1')).toBeNull();
    expect(describedText(field('ID number 1'))).toContain('Health insurance number (NAM), such as ABCD 1234 5678.');
    fireEvent.change(type, { target: { value: 'ON' } });
    fireEvent.change(field('ID number 1'), { target: { value: '9876 543 217' } });
    fireEvent.change(field('Version code 1'), { target: { value: 'ab' } });
    fireEvent.click(screen.getByRole('radio', { name: 'On' }));
    expect((screen.getByRole('checkbox', { name: 'Active patient' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('radio', { name: 'Clinic default' }) as HTMLInputElement).checked).toBe(false);

    fireEvent.click(screen.getByRole('button', { name: 'Create patient' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Camille Tremblay' })).toBeTruthy();
    expect(await screen.findByText('Patient created.')).toBeTruthy();
    expect(screen.getByText('Patient created.').closest('[role="status"]')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1, name: 'Camille Tremblay' })));
    expect(window.location.pathname).toBe(`/demo/admin/patients/${PATIENT_ID}`);
    const post = calls.find((call) => call.method === 'POST')!;
    expect(post.headers['x-csrf-token']).toBe('token-1');
    expect(post.json).toEqual({
      chartNumber: null,
      legalGivenName: 'Camille',
      legalFamilyName: 'Tremblay',
      preferredName: null,
      dateOfBirth: '1984-03-09',
      sex: 'female',
      gender: null,
      address: null,
      emails: ['camille@example.com'],
      mobiles: [],
      preferredContactMethod: 'email',
      preferredLanguage: 'en',
      identifiers: [{ type: 'ON', number: '9876 543 217', versionCode: 'ab' }],
      active: true,
      portalAccess: true,
    });
  });

  it('offers the health cards by province and plan, and the clinic\'s own ID types', async () => {
    renderAdmin('/demo/admin/patients/new', {});
    const type = (await screen.findByRole('combobox', { name: 'ID type 1' })) as HTMLSelectElement;
    const groups = [...type.querySelectorAll('optgroup')];
    expect(groups.map((group) => group.label)).toEqual(['Health cards', "The clinic's ID types"]);
    expect(groups[0]!.querySelectorAll('option')).toHaveLength(13);
    expect(within(type).getByRole('option', { name: 'Ontario (OHIP)' })).toBeTruthy();
    expect(within(type).getByRole('option', { name: 'Quebec (RAMQ)' })).toBeTruthy();
    expect(within(type).getByRole('option', { name: 'Hospital MRN' })).toBeTruthy();
  });

  it('asks for the required fields before sending anything', async () => {
    const { calls } = renderAdmin('/demo/admin/patients/new', {});
    await screen.findByRole('button', { name: 'Create patient' });
    fireEvent.click(screen.getByRole('button', { name: 'Create patient' }));

    const summary = await screen.findByRole('alert');
    expect(summary.textContent).toContain('The patient was not created.');
    expect(within(summary).getByRole('link', { name: "Legal given name: Enter the patient's legal given name." })).toBeTruthy();
    expect(document.activeElement).toBe(summary);
    expect(field('Legal family name').getAttribute('aria-invalid')).toBe('true');
    expect(describedText(field('Legal family name'))).toBe("Enter the patient's legal family name.");
    expect(describedText(field('Date of birth'))).toBe("Enter the patient's date of birth.");
    expect(calls.some((call) => call.method === 'POST')).toBe(false);

    fireEvent.click(within(summary).getByRole('link', { name: /Date of birth/ }));
    expect(document.activeElement).toBe(field('Date of birth'));
  });

  it('shows the server\'s field problems under their fields in French', async () => {
    inFrench();
    renderAdmin('/demo/admin/patients/new', {
      [`POST ${API}/patients`]: () =>
        problem(400, 'validation_failed', 'One or more fields are not valid.', {
          errors: {
            'identifiers[0].number': ['The check digit of this Ontario health number does not match the other digits.'],
            'emails[0]': ['This is not an email address.'],
          },
          fieldCodes: { 'identifiers[0].number': ['health_card_check_digit'], 'emails[0]': ['invalid_email'] },
        }),
    });
    await screen.findByRole('button', { name: 'Créer le patient' });
    fireEvent.change(field('Prénom légal'), { target: { value: 'Camille' } });
    fireEvent.change(field('Nom de famille légal'), { target: { value: 'Tremblay' } });
    fireEvent.change(field('Date de naissance'), { target: { value: '1984-03-09' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Sexe' }), { target: { value: 'female' } });
    // Empty rows are not sent: the server's emails[0] is the second row.
    fireEvent.click(screen.getByRole('button', { name: 'Ajouter une adresse courriel' }));
    fireEvent.change(field('Courriel 2'), { target: { value: 'pas-un-courriel' } });
    fireEvent.change(screen.getByRole('combobox', { name: "Type d'identifiant 1" }), { target: { value: 'ON' } });
    fireEvent.change(field("Numéro d'identifiant 1"), { target: { value: '9876 543 210' } });
    fireEvent.click(screen.getByRole('button', { name: 'Créer le patient' }));

    const summary = await screen.findByRole('alert');
    expect(summary.textContent).toContain("Le patient n'a pas été créé.");
    expect(summary.textContent).toContain('Vérifiez les messages à côté des champs.');
    const number = field("Numéro d'identifiant 1");
    expect(number.getAttribute('aria-invalid')).toBe('true');
    expect(describedText(number)).toContain('Le chiffre de contrôle ne correspond pas aux autres chiffres');
    expect(describedText(field('Courriel 2'))).toBe("Ce n'est pas une adresse courriel.");
    expect(field('Courriel 1').getAttribute('aria-invalid')).toBeNull();
    expect(summary.textContent).not.toContain('check digit');
  });

  it('says when another patient has the identifier', async () => {
    renderAdmin('/demo/admin/patients/new', {
      [`POST ${API}/patients`]: () =>
        problem(409, 'identifier_taken', 'Another patient of this clinic has this identifier.', {
          errors: { 'identifiers[0].number': ['Another patient of this clinic has this identifier.'] },
          fieldCodes: { 'identifiers[0].number': ['identifier_taken'] },
        }),
    });
    await screen.findByRole('button', { name: 'Create patient' });
    fireEvent.change(field('Legal given name'), { target: { value: 'Camille' } });
    fireEvent.change(field('Legal family name'), { target: { value: 'Tremblay' } });
    fireEvent.change(field('Date of birth'), { target: { value: '1984-03-09' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Sex' }), { target: { value: 'female' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'ID type 1' }), { target: { value: 'ON' } });
    fireEvent.change(field('ID number 1'), { target: { value: '9876543217' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create patient' }));

    const summary = await screen.findByRole('alert');
    expect(summary.textContent).toContain('Another patient of this clinic has one of these identifiers');
    expect(describedText(field('ID number 1'))).toContain('Another patient of this clinic has this identifier.');
  });
});

describe('the edit form', () => {
  it('shows the chart\'s values and saves them against the loaded version', async () => {
    const saved = patientChart({ legalFamilyName: 'Tremblay-Roy', version: 4 });
    const { calls } = renderAdmin(`/demo/admin/patients/${PATIENT_ID}/edit`, {
      [`GET ${CHART}`]: [() => json(200, patientChart()), () => json(200, saved)],
      [`PUT ${CHART}`]: () => json(200, saved),
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Edit patient: Camille Tremblay' })).toBeTruthy();
    expect(field('Legal given name').value).toBe('Camille');
    expect(field('Mobile 1').value).toBe('+1 613-555-0123');
    expect(field('Version code 1').value).toBe('AB');
    expect((screen.getByRole('combobox', { name: 'ID type 2' }) as HTMLSelectElement).value).toBe('MRN');
    expect(screen.queryByLabelText('Version code 2')).toBeNull();
    expect((screen.getByRole('checkbox', { name: 'Active patient' }) as HTMLInputElement).disabled).toBe(false);
    expect(screen.queryByRole('group', { name: 'Portal access' })).toBeNull();

    fireEvent.change(field('Legal family name'), { target: { value: 'Tremblay-Roy' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));

    expect(await screen.findByText('Changes saved.')).toBeTruthy();
    const put = calls.find((call) => call.method === 'PUT')!.json as Record<string, unknown>;
    expect(put.legalFamilyName).toBe('Tremblay-Roy');
    expect(put.version).toBe(3);
    expect(put).not.toHaveProperty('portalAccess');
    expect(window.location.pathname).toBe(`/demo/admin/patients/${PATIENT_ID}`);
  });

  it('offers to reload when someone else saved the patient first', async () => {
    const { calls } = renderAdmin(`/demo/admin/patients/${PATIENT_ID}/edit`, {
      [`GET ${CHART}`]: [() => json(200, patientChart()), () => json(200, patientChart({ legalGivenName: 'Camila', version: 5 }))],
      [`PUT ${CHART}`]: [
        () => problem(409, 'patient_changed', 'Someone saved this patient after you opened the form.'),
        () => json(200, patientChart({ version: 6 })),
      ],
    });
    await screen.findByRole('heading', { level: 1, name: 'Edit patient: Camille Tremblay' });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    const summary = await screen.findByRole('alert');
    expect(summary.textContent).toContain('Someone else saved this patient after you opened the form.');

    fireEvent.click(within(summary).getByRole('button', { name: 'Reload patient' }));
    expect(await screen.findByText('The patient was reloaded. Make your changes again.')).toBeTruthy();
    expect(field('Legal given name').value).toBe('Camila');
    expect(screen.queryByRole('alert')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(calls.filter((call) => call.method === 'PUT')).toHaveLength(2));
    expect((calls.filter((call) => call.method === 'PUT')[1]!.json as { version: number }).version).toBe(5);
  });

  it('lets only owners and administrators change the chart number and whether the patient is active', async () => {
    renderAdmin(
      `/demo/admin/patients/${PATIENT_ID}/edit`,
      {
        [`GET ${CHART}`]: () => json(200, patientChart()),
        [`PUT ${CHART}`]: () =>
          problem(403, 'restricted_field', "Only the clinic's owners and admins can change a chart number.", {
            errors: { active: ['Only owners and admins can change this.'] },
            fieldCodes: { active: ['restricted_field'] },
          }),
      },
      staffMember,
    );
    await screen.findByRole('heading', { level: 1, name: 'Edit patient: Camille Tremblay' });
    const active = screen.getByRole('checkbox', { name: 'Active patient' }) as HTMLInputElement;
    expect(active.disabled).toBe(true);
    expect(field('Chart number (optional)').disabled).toBe(true);
    expect(describedText(field('Chart number (optional)'))).toContain("Only the clinic's owners and administrators can change this.");

    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    const summary = await screen.findByRole('alert');
    expect(summary.textContent).toContain("Only the clinic's owners and administrators can change the chart number or whether a patient is active.");
    expect(active.getAttribute('aria-invalid')).toBe('true');
  });
});

describe('the chart', () => {
  it('shows the details, with tabs that say which is open', async () => {
    renderAdmin(`/demo/admin/patients/${PATIENT_ID}`, { [`GET ${CHART}`]: () => json(200, patientChart()) });
    expect(await screen.findByRole('heading', { level: 1, name: 'Camille Tremblay' })).toBeTruthy();
    const tabs = screen.getByRole('navigation', { name: 'Chart of Camille Tremblay' });
    expect([...tabs.querySelectorAll('a')].map((link) => [link.textContent, link.getAttribute('href'), link.getAttribute('aria-current')])).toEqual([
      ['Details', `/demo/admin/patients/${PATIENT_ID}`, 'page'],
      ['Documents', `/demo/admin/patients/${PATIENT_ID}/documents`, null],
      ['Portal', `/demo/admin/patients/${PATIENT_ID}/portal`, null],
      ['Messages', `/demo/admin/patients/${PATIENT_ID}/messages`, null],
      ['Questionnaires', `/demo/admin/patients/${PATIENT_ID}/questionnaires`, null],
      ['History', `/demo/admin/patients/${PATIENT_ID}/history`, null],
    ]);
    expect(screen.getByRole('link', { name: 'Edit patient' }).getAttribute('href')).toBe(`/demo/admin/patients/${PATIENT_ID}/edit`);
    const details = document.querySelector('dl.details')!;
    expect(details.textContent).toContain('March 9, 1984');
    expect(details.textContent).toContain('123 Main Street');
    expect(details.textContent).toContain('Ottawa, Ontario K1A 0B1');
    expect(details.textContent).toContain('9876543217 AB');
    await waitFor(() => expect(details.textContent).toContain('Hospital MRN'));
    expect(details.textContent).toContain('French');
    expect(screen.getByRole('link', { name: 'Patients', current: 'page' })).toBeTruthy();
  });

  it('turns portal access on from the Portal tab', async () => {
    const { calls } = renderAdmin(`/demo/admin/patients/${PATIENT_ID}`, {
      [`GET ${CHART}`]: () => json(200, patientChart()),
      [`PUT ${CHART}/portal-access`]: () =>
        json(200, patientChart({ portal: { ...patientChart().portal, access: true, changedAt: '2026-03-01T15:00:00Z', changedBy: 'Olivia Owner' } })),
    });
    await screen.findByRole('heading', { level: 1, name: 'Camille Tremblay' });
    fireEvent.click(screen.getByRole('link', { name: 'Portal' }));
    expect(await screen.findByRole('heading', { level: 2, name: 'Portal access' })).toBeTruthy();
    expect(window.location.pathname).toBe(`/demo/admin/patients/${PATIENT_ID}/portal`);
    expect(screen.getByRole('link', { name: 'Portal' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('link', { name: 'Details' }).getAttribute('aria-current')).toBeNull();
    // The chart is not fetched again for another tab.
    expect(calls.filter((call) => call.url === CHART)).toHaveLength(1);

    const group = screen.getByRole('group', { name: 'Portal access' });
    expect((within(group).getByRole('radio', { name: 'Off' }) as HTMLInputElement).checked).toBe(true);
    expect(screen.getByText(/by Olivia Owner/)).toBeTruthy();
    expect(screen.getByText('Never signed in')).toBeTruthy();
    expect(screen.getByText('camille@example.com')).toBeTruthy();
    expect(screen.getByText('+1 613-555-0123')).toBeTruthy();

    fireEvent.click(within(group).getByRole('radio', { name: 'On' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save portal access' }));
    expect(await screen.findByText('Portal access is on.')).toBeTruthy();
    const put = calls.find((call) => call.method === 'PUT')!;
    expect(put.url).toBe(`${CHART}/portal-access`);
    expect(put.json).toEqual({ enabled: true });
    expect(put.headers['x-csrf-token']).toBe('token-1');
    expect(screen.getByText('Now: On.')).toBeTruthy();
  });

  it('warns on the Portal tab when the patient has nowhere to receive a code', async () => {
    renderAdmin(`/demo/admin/patients/${PATIENT_ID}/portal`, {
      [`GET ${CHART}`]: () => json(200, patientChart({ emails: [], mobiles: [], portal: { ...patientChart().portal, signInContacts: [] } })),
    });
    expect(await screen.findByText(/This patient has no email address or mobile number/)).toBeTruthy();
  });

  const historyRow = (fields: Record<string, unknown>) => ({
    firstOccurredAt: fields['occurredAt'],
    count: 1,
    actorRole: null,
    changes: null,
    portalAccess: null,
    contactKind: null,
    from: null,
    ...fields,
  });

  it('shows the history as the server sends it, newest first, one sentence a row, repeated views folded with their count', async () => {
    renderAdmin(`/demo/admin/patients/${PATIENT_ID}/history`, {
      [`GET ${CHART}`]: () => json(200, patientChart()),
      [`GET ${CHART}/history?limit=50`]: () =>
        json(200, {
          items: [
            historyRow({ occurredAt: '2026-02-11T09:40:00Z', firstOccurredAt: '2026-02-11T09:00:00Z', count: 4, actorKind: 'staff', actor: 'Ana Roy', actorRole: 'admin', action: 'registration.patient.viewed' }),
            historyRow({ occurredAt: '2026-02-10T15:30:00Z', actorKind: 'staff', actor: 'Sam Staff', actorRole: 'staff', action: 'registration.patient.updated', changes: ['legalFamilyName', 'emails'] }),
            historyRow({ occurredAt: '2026-02-06T08:00:00Z', actorKind: 'patient', actor: null, action: 'identity.patient.signed_in', from: '203.0.113.7' }),
            historyRow({ occurredAt: '2026-02-05T14:00:00Z', actorKind: 'staff', actor: 'Olivia Owner', actorRole: 'owner', action: 'registration.patient.portal_access_changed', portalAccess: { from: false, to: true } }),
            historyRow({ occurredAt: '2026-02-01T15:00:00Z', actorKind: 'system', actor: null, action: 'registration.patient.created', changes: ['legalGivenName'] }),
          ],
        }),
    });
    const table = await screen.findByRole('table', { name: 'History' });
    expect(screen.getByRole('link', { name: 'History' }).getAttribute('aria-current')).toBe('page');
    const rows = within(table).getAllByRole('row').slice(1).map((row) => within(row).getAllByRole('cell').map((cell) => cell.textContent));
    expect(rows.map((cells) => cells[1])).toEqual([
      expect.stringMatching(/^Ana Roy, clinic admin, opened the chart 4 times, first on .*2026.*\.$/),
      'Sam Staff, clinic staff, changed the legal family name and email addresses.',
      'The patient signed in to the portal from 203.0.113.7.',
      'Olivia Owner, clinic owner, turned portal access on.',
      'The portal created the chart.',
    ]);
    expect(rows[0]![0]).toContain('2026');
    expect(table.querySelector('time')?.getAttribute('datetime')).toBe('2026-02-11T09:40:00Z');
  });

  it('says the history in French', async () => {
    inFrench();
    renderAdmin(`/demo/admin/patients/${PATIENT_ID}/history`, {
      [`GET ${CHART}`]: () => json(200, patientChart()),
      [`GET ${CHART}/history?limit=50`]: () =>
        json(200, {
          items: [
            historyRow({ occurredAt: '2026-02-11T09:40:00Z', firstOccurredAt: '2026-02-11T09:00:00Z', count: 2, actorKind: 'staff', actor: 'Ana Roy', actorRole: 'admin', action: 'registration.documents.listed' }),
            historyRow({ occurredAt: '2026-02-10T15:30:00Z', actorKind: 'staff', actor: 'Sam Staff', actorRole: 'staff', action: 'registration.patient.updated', changes: ['legalFamilyName', 'emails'] }),
            historyRow({ occurredAt: '2026-02-05T14:00:00Z', actorKind: 'patient', actor: null, action: 'registration.patient.changed_by_patient', changes: ['address'] }),
          ],
        }),
    });
    const table = await screen.findByRole('table', { name: 'Historique' });
    expect(table.textContent).toContain("Ana Roy (administration de la clinique) a consulté les documents 2 fois, d'abord le ");
    expect(table.textContent).toContain('Sam Staff (personnel de la clinique) a modifié : nom de famille légal et adresses courriel.');
    expect(table.textContent).toContain('Le patient a modifié sur le portail : adresse.');
    expect(screen.getByRole('columnheader', { name: "Ce qui s'est passé" })).toBeTruthy();
  });

  it('says when there is no such patient', async () => {
    renderAdmin(`/demo/admin/patients/${PATIENT_ID}`, {
      [`GET ${CHART}`]: () => problem(404, 'patient_not_found', 'This clinic has no such patient.'),
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Patient not found' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Go to the list of patients' }).getAttribute('href')).toBe('/demo/admin/patients');
  });
});

describe('Settings > ID types', () => {
  it('lists the clinic\'s ID types, says whether patients can sign in with them, and adds one', async () => {
    const { calls } = renderAdmin('/demo/admin/settings/id-types', {
      [`POST ${API}/registration/id-types`]: () => json(201, { code: 'LAB', nameEn: 'Lab number', nameFr: 'Numéro de laboratoire', searchable: false }),
    });
    const table = await screen.findByRole('table', { name: "The clinic's ID types" });
    expect(table.textContent).toContain('MRN');
    expect(table.textContent).toContain("NDM de l'hôpital");
    expect(table.textContent).toContain('Searchable');
    expect(screen.getByText(/Extra Searchable Identifications is on: patients can sign in/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Change this in the Patient Portal settings' }).getAttribute('href')).toBe('/demo/admin/settings/portal');
    expect(screen.getByRole('link', { name: 'ID types', current: 'page' })).toBeTruthy();

    const add = screen.getByRole('region', { name: 'Add an ID type' });
    fireEvent.change(within(add).getByLabelText('Code'), { target: { value: 'lab' } });
    fireEvent.change(within(add).getByLabelText('English name'), { target: { value: ' Lab number ' } });
    fireEvent.change(within(add).getByLabelText('French name'), { target: { value: 'Numéro de laboratoire' } });
    fireEvent.click(within(add).getByRole('button', { name: 'Add ID type' }));

    expect(await screen.findByText('ID type LAB added.')).toBeTruthy();
    expect(calls.find((call) => call.method === 'POST')!.json).toEqual({ code: 'LAB', nameEn: 'Lab number', nameFr: 'Numéro de laboratoire', searchable: false });
    expect(table.textContent).toContain('Lab number');
    expect((within(add).getByLabelText('Code') as HTMLInputElement).value).toBe('');
  });

  it('says so under the code when the clinic already has it', async () => {
    renderAdmin('/demo/admin/settings/id-types', {
      [`POST ${API}/registration/id-types`]: () => problem(409, 'id_type_exists', 'This clinic already has an ID type with this code.'),
    });
    const add = await screen.findByRole('region', { name: 'Add an ID type' });
    fireEvent.change(within(add).getByLabelText('Code'), { target: { value: 'MRN' } });
    fireEvent.change(within(add).getByLabelText('English name'), { target: { value: 'Again' } });
    fireEvent.change(within(add).getByLabelText('French name'), { target: { value: 'Encore' } });
    fireEvent.click(within(add).getByRole('button', { name: 'Add ID type' }));
    await screen.findByRole('alert');
    const code = within(add).getByLabelText('Code');
    expect(code.getAttribute('aria-invalid')).toBe('true');
    expect(describedText(code)).toContain('This clinic already has an ID type with this code.');
  });

  it('renames an ID type and changes whether it is searchable', async () => {
    const { calls } = renderAdmin('/demo/admin/settings/id-types', {
      [`PUT ${API}/registration/id-types/MRN`]: () => json(200, { code: 'MRN', nameEn: 'Hospital record', nameFr: "NDM de l'hôpital", searchable: false }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Edit Hospital MRN' }));
    const edit = screen.getByRole('region', { name: 'Edit ID type MRN' });
    expect(document.activeElement).toBe(within(edit).getByRole('heading', { name: 'Edit ID type MRN' }));
    expect(within(edit).queryByLabelText('Code')).toBeNull();
    fireEvent.change(within(edit).getByLabelText('English name'), { target: { value: 'Hospital record' } });
    fireEvent.click(within(edit).getByRole('checkbox', { name: 'Searchable: patients can sign in with it' }));
    fireEvent.click(within(edit).getByRole('button', { name: 'Save ID type' }));

    expect(await screen.findByText('ID type MRN saved.')).toBeTruthy();
    expect(calls.find((call) => call.method === 'PUT')!.json).toEqual({ nameEn: 'Hospital record', nameFr: "NDM de l'hôpital", searchable: false });
    expect(screen.queryByRole('region', { name: 'Edit ID type MRN' })).toBeNull();
    expect(screen.getByRole('table', { name: "The clinic's ID types" }).textContent).toContain('Not searchable');
  });

  it('only shows the ID types to staff, and says when patients cannot sign in with them', async () => {
    renderAdmin('/demo/admin/settings/id-types', { [ID_TYPES]: () => json(200, idTypes({ extraSearchableIdsEnabled: false })) }, staffMember);
    await screen.findByRole('table', { name: "The clinic's ID types" });
    expect(screen.getByText("Only the clinic's owners and administrators can add or change ID types.")).toBeTruthy();
    expect(screen.getByText(/Extra Searchable Identifications is off: patients sign in/)).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Add an ID type' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Edit/ })).toBeNull();
  });
});

describe('the clinic navigation', () => {
  it('links the patients, the registrations to review, and the ID types, SMS quiet hours and appointment set-up beside the portal settings', async () => {
    renderAdmin('/demo/admin/settings/id-types', {});
    await screen.findByRole('table', { name: "The clinic's ID types" });
    const nav = screen.getByRole('navigation', { name: 'Administration' });
    expect([...nav.querySelectorAll('a')].map((link) => [link.textContent, link.getAttribute('href'), link.getAttribute('aria-current')])).toEqual([
      ['Patients', '/demo/admin/patients', null],
      ['Registrations to review', '/demo/admin/patients/review', null],
      ['Messages', '/demo/admin/messages', null],
      ['Appointments', '/demo/admin/appointments', null],
      ['Billing', '/demo/admin/billing/invoices', null],
      ['Patient Portal', '/demo/admin/settings/portal', null],
      ['ID types', '/demo/admin/settings/id-types', 'page'],
      ['SMS quiet hours', '/demo/admin/settings/sms-quiet-hours', null],
      ['Providers', '/demo/admin/settings/appointments/providers', null],
      ['Locations', '/demo/admin/settings/appointments/locations', null],
      ['Appointment types', '/demo/admin/settings/appointments/types', null],
      ['Booking rules', '/demo/admin/settings/appointments/rules', null],
      ['Appointment reminders', '/demo/admin/settings/appointments/reminders', null],
      ['Questionnaires', '/demo/admin/settings/questionnaires', null],
    ]);
  });
});
