import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { PatientDocument } from '../src/admin/patients/api';
import { formatSize } from '../src/admin/patients/DocumentsTab';
import { AdminApp } from '../src/admin/AdminApp';
import { adminMessages } from '../src/admin/messages';
import { STORAGE_KEY } from '../src/shared/i18n/language';
import { ANTIFORGERY, axeViolations, json, mockServer, problem, renderWithI18n, type Handler } from './helpers';
import { PATIENT_ID, idTypes, owner, patientChart, staffSignedIn } from './fixtures';

const API = '/api/clinics/demo';
const CHART = `${API}/patients/${PATIENT_ID}`;
const DOCUMENTS = `${CHART}/documents`;

function doc(overrides: Partial<PatientDocument> = {}): PatientDocument {
  const id = overrides.id ?? '0190f5a2-aaaa-7000-8000-000000000001';
  return {
    id,
    type: 'lab_result',
    title: 'CBC results',
    date: '2026-11-20',
    source: 'LifeLabs',
    contentType: 'application/pdf',
    size: 245_760,
    sha256: 'a'.repeat(64),
    addedAt: '2026-11-21T15:00:00Z',
    addedBy: 'Sam Staff',
    downloadUrl: `${DOCUMENTS}/${id}/content`,
    thumbnailUrl: null,
    forReviewAtVisit: false,
    uploadRequestId: null,
    ...overrides,
  };
}

function renderDocuments(routes: Record<string, Handler | Handler[]>) {
  window.history.replaceState(null, '', `/demo/admin/patients/${PATIENT_ID}/documents`);
  const server = mockServer({
    'GET /api/antiforgery': () => json(200, ANTIFORGERY),
    [`GET ${API}/staff/session`]: () => json(200, staffSignedIn(owner)),
    [`GET ${API}/registration/id-types`]: () => json(200, idTypes()),
    [`GET ${API}/portal`]: () => json(200, { slug: 'demo', clinicName: 'Demo Family Clinic', defaultLanguage: 'en', timeZone: 'America/Toronto' }),
    [`GET ${CHART}`]: () => json(200, patientChart()),
    ...routes,
  });
  renderWithI18n(<AdminApp />, adminMessages);
  return server;
}

const pdf = () => new File(['%PDF-1.7\n%%EOF\n'], 'cbc.pdf', { type: 'application/pdf' });

function fillForm(file: File | null, title: string, date: string, type = 'lab_result', source = '') {
  if (file) {
    fireEvent.change(screen.getByLabelText('File'), { target: { files: [file] } });
  }
  fireEvent.change(screen.getByRole('combobox', { name: 'Type' }), { target: { value: type } });
  fireEvent.change(screen.getByRole('textbox', { name: 'Title' }), { target: { value: title } });
  fireEvent.change(screen.getByLabelText('Date'), { target: { value: date } });
  fireEvent.change(screen.getByRole('textbox', { name: 'Source (optional)' }), { target: { value: source } });
}

describe("the chart's Documents tab", { timeout: 30_000 }, () => {
  it('lists the documents with their type, title, date, source, size and a download link, and axe finds nothing', async () => {
    renderDocuments({
      [`GET ${DOCUMENTS}`]: () =>
        json(200, {
          items: [
            doc({ id: '0190f5a2-aaaa-7000-8000-000000000002', type: 'educational_video', title: 'Using your inhaler', date: '2026-11-25', source: null, contentType: 'video/mp4', size: 3_565_158 }),
            doc(),
          ],
        }),
    });
    const table = await screen.findByRole('table', { name: 'Documents' });
    expect(screen.getByRole('link', { name: 'Documents' }).getAttribute('aria-current')).toBe('page');
    expect(within(table).getAllByRole('columnheader').map((cell) => cell.textContent)).toEqual(['Date', 'Type', 'Title', 'Source', 'Size', 'Download']);
    const rows = within(table).getAllByRole('row').slice(1).map((row) => within(row).getAllByRole('cell').map((cell) => cell.textContent));
    expect(rows).toEqual([
      ['November 25, 2026', 'Educational video', 'Using your inhaler', 'Not given', '3.4 MB', 'Download'],
      ['November 20, 2026', 'Lab result', 'CBC results', 'LifeLabs', '240 kB', 'Download'],
    ]);
    const link = screen.getByRole('link', { name: 'Download CBC results' });
    expect(link.getAttribute('href')).toBe(`${DOCUMENTS}/0190f5a2-aaaa-7000-8000-000000000001/content`);
    expect(link.hasAttribute('download')).toBe(true);
    expect(screen.getByRole('heading', { level: 3, name: 'Add document' })).toBeTruthy();
    expect(await axeViolations()).toEqual([]);
  });

  it('says when the chart has no documents', async () => {
    renderDocuments({ [`GET ${DOCUMENTS}`]: () => json(200, { items: [] }) });
    expect(await screen.findByText('There are no documents in this chart yet.')).toBeTruthy();
  });

  it('adds a document as a multipart form and lists it', async () => {
    let listed = [doc()];
    const { calls } = renderDocuments({
      [`GET ${DOCUMENTS}`]: () => json(200, { items: listed }),
      [`POST ${DOCUMENTS}`]: () => {
        const added = doc({ id: '0190f5a2-aaaa-7000-8000-000000000003', title: 'Lipid panel', date: '2026-12-01', source: 'Dynacare' });
        listed = [added, ...listed];
        return json(201, added);
      },
    });
    await screen.findByRole('table', { name: 'Documents' });

    fillForm(pdf(), '  Lipid panel ', '2026-12-01', 'lab_result', 'Dynacare');
    fireEvent.click(screen.getByRole('button', { name: 'Add document' }));

    expect(await screen.findByText('Document “Lipid panel” added.')).toBeTruthy();
    await waitFor(() => expect(screen.getAllByRole('row')).toHaveLength(3));
    const post = calls.find((call) => call.method === 'POST')!;
    expect(post.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(post.headers['x-csrf-token']).toBe('token-1');
    const body = await post.body!.text();
    expect(body).toMatch(/name="file"; filename="[^"]+"\r\nContent-Type: application\/pdf/);
    expect(body).toContain('%PDF-1.7');
    expect(body).toMatch(/name="type"\r\n\r\nlab_result\r\n/);
    expect(body).toMatch(/name="title"\r\n\r\nLipid panel\r\n/);
    expect(body).toMatch(/name="date"\r\n\r\n2026-12-01\r\n/);
    expect(body).toMatch(/name="source"\r\n\r\nDynacare\r\n/);
    expect((screen.getByRole('textbox', { name: 'Title' }) as HTMLInputElement).value).toBe('');
  });

  it('asks for the file, title and date before sending, and axe finds nothing with the problems shown', async () => {
    const { calls } = renderDocuments({ [`GET ${DOCUMENTS}`]: () => json(200, { items: [] }) });
    await screen.findByText('There are no documents in this chart yet.');

    fireEvent.click(screen.getByRole('button', { name: 'Add document' }));

    expect(screen.getByLabelText('File').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('textbox', { name: 'Title' }).getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText('Date').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Choose a file.')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByLabelText('File'));
    expect(calls.some((call) => call.method === 'POST')).toBe(false);
    expect(await axeViolations()).toEqual([]);
  });

  it("shows the server's refusal next to the file in French", async () => {
    window.localStorage.setItem(STORAGE_KEY, 'fr');
    renderDocuments({
      [`GET ${DOCUMENTS}`]: () => json(200, { items: [] }),
      [`POST ${DOCUMENTS}`]: () => problem(415, 'declared_type_mismatch', 'The file was declared as image/png, but its content is application/pdf.'),
    });
    await screen.findByText("Ce dossier n'a encore aucun document.");
    expect(screen.getByRole('link', { name: 'Documents', current: 'page' })).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Fichier'), { target: { files: [pdf()] } });
    fireEvent.change(screen.getByRole('textbox', { name: 'Titre' }), { target: { value: 'Résultat' } });
    fireEvent.change(screen.getByLabelText('Date'), { target: { value: '2026-12-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Ajouter le document' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain("Le document n'a pas été ajouté.");
    expect(alert.textContent).toContain('ne correspond pas à son contenu');
    expect(screen.getByLabelText('Fichier').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('option', { name: 'Résultat de laboratoire' })).toBeTruthy();
    expect(await axeViolations()).toEqual([]);
  });

  it('formats sizes in both languages', () => {
    expect(formatSize(850, 'en')).toBe('850 bytes');
    expect(formatSize(12_800, 'en')).toBe('13 kB');
    expect(formatSize(3_565_158, 'fr')).toMatch(/^3,4\sMo$/);
  });
});

describe('photos in the chart, and asking the patient for photos', { timeout: 30_000 }, () => {
  it('shows a photo with its thumbnail, marked for review at the visit, and axe finds nothing', async () => {
    const id = '0190f5a2-aaaa-7000-8000-0000000000f1';
    renderDocuments({
      [`GET ${DOCUMENTS}`]: () =>
        json(200, {
          items: [
            doc({
              id,
              type: 'photo',
              title: 'Photo of your rash (1/2)',
              source: null,
              contentType: 'image/jpeg',
              thumbnailUrl: `${DOCUMENTS}/${id}/thumbnail`,
              forReviewAtVisit: true,
              uploadRequestId: '0190f5a2-bbbb-7000-8000-000000000001',
            }),
            doc(),
          ],
        }),
    });
    const table = await screen.findByRole('table', { name: 'Documents' });
    const thumbnail = within(table).getByRole('img', { name: 'Thumbnail of Photo of your rash (1/2)' });
    expect(thumbnail.getAttribute('src')).toBe(`${DOCUMENTS}/${id}/thumbnail`);
    expect(within(table).getAllByText('For review at the visit')).toHaveLength(1);
    expect(await axeViolations()).toEqual([]);
  });

  it('sends an upload request from the chart with what, how many and until when', async () => {
    const { calls } = renderDocuments({
      [`GET ${DOCUMENTS}`]: () => json(200, { items: [] }),
      [`POST ${API}/messaging/upload-requests`]: () => json(201, { id: '0190f5a2-cccc-7000-8000-000000000001' }),
    });
    const section = await screen.findByRole('region', { name: 'Ask for photos' });
    fireEvent.change(within(section).getByRole('textbox', { name: 'What to photograph' }), { target: { value: 'Please upload a photo of the mole on your back.' } });
    fireEvent.change(within(section).getByRole('combobox', { name: 'How many photos' }), { target: { value: '3' } });
    fireEvent.click(within(section).getByRole('button', { name: 'Send upload request' }));

    expect(await within(section).findByText('Upload request sent.')).toBeTruthy();
    const sent = calls.find((call) => call.method === 'POST')!;
    expect(sent.json).toMatchObject({ patientId: PATIENT_ID, subject: 'Photo upload request', body: 'Please upload a photo of the mole on your back.', photosMax: 3 });
    expect(new Date((sent.json as { expiresAt: string }).expiresAt).getTime()).toBeGreaterThan(Date.now() + 6 * 24 * 3600 * 1000);
    expect(within(section).getByRole('link', { name: 'Open the conversation' }).getAttribute('href')).toBe('/demo/admin/messages/0190f5a2-cccc-7000-8000-000000000001');
    expect(await axeViolations()).toEqual([]);
  });

  it('asks for the request in French', async () => {
    window.localStorage.setItem(STORAGE_KEY, 'fr');
    renderDocuments({ [`GET ${DOCUMENTS}`]: () => json(200, { items: [] }) });
    const section = await screen.findByRole('region', { name: 'Demander des photos' });
    expect(within(section).getByRole('button', { name: 'Envoyer la demande de photos' })).toBeTruthy();
    expect((within(section).getByRole('textbox', { name: 'Quoi photographier' }) as HTMLTextAreaElement).value).toBe('Veuillez téléverser une photo de ');
    expect(await axeViolations()).toEqual([]);
  });
});
