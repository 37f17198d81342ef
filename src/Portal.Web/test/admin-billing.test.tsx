import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { StaffProfile } from '../src/admin/api';
import { AdminApp } from '../src/admin/AdminApp';
import { parseCents, parseRate, type Invoice, type Service } from '../src/admin/billing/api';
import { adminMessages } from '../src/admin/messages';
import { invoicePath, newInvoicePath, parseAdminPath } from '../src/admin/routes';
import { STORAGE_KEY } from '../src/shared/i18n/language';
import { ANTIFORGERY, axeViolations, json, mockServer, renderWithI18n, type Handler } from './helpers';
import { PATIENT_ID, idTypes, owner, patientChart, staffMember, staffSignedIn } from './fixtures';

const API = '/api/clinics/demo';
const B = `${API}/billing`;
const INVOICE = '0193a1b2-0000-7000-8000-00000000e001';
const FORM = '0193a1b2-0000-7000-8000-00000000f001';
const MISSED = '0193a1b2-0000-7000-8000-00000000f002';
const CURRENCIES = ['cad', 'usd', 'eur', 'gbp'];

function services(): { currency: string; items: Service[] } {
  return {
    currency: 'cad',
    items: [
      { id: FORM, code: 'FORM', nameEn: 'Insurance form', nameFr: "Formulaire d'assurance", unitPriceCents: 2500, taxRateBasisPoints: 1300, active: true },
      { id: MISSED, code: 'MISSED', nameEn: 'Missed appointment', nameFr: 'Rendez-vous manqué', unitPriceCents: 4000, taxRateBasisPoints: 0, active: true },
    ],
  };
}

function invoice(overrides: Partial<Invoice> = {}): Invoice {
  return {
    id: INVOICE,
    patientId: PATIENT_ID,
    patientName: 'Camille Tremblay',
    number: 7,
    status: 'paid',
    currency: 'cad',
    subtotalCents: 6500,
    taxCents: 325,
    totalCents: 6825,
    refundedCents: 0,
    note: null,
    createdAt: '2026-12-01T14:00:00Z',
    issuedAt: '2026-12-01T15:00:00Z',
    paidAt: '2026-12-02T16:30:00Z',
    voidedAt: null,
    lines: [
      { position: 1, serviceId: FORM, descriptionEn: 'Insurance form', descriptionFr: "Formulaire d'assurance", quantity: 1, unitPriceCents: 2500, taxRateBasisPoints: 1300, taxCents: 325, totalCents: 2825 },
      { position: 2, serviceId: MISSED, descriptionEn: 'Missed appointment', descriptionFr: 'Rendez-vous manqué', quantity: 1, unitPriceCents: 4000, taxRateBasisPoints: 0, taxCents: 0, totalCents: 4000 },
    ],
    refunds: [],
    ...overrides,
  };
}

function renderAdmin(path: string, routes: Record<string, Handler | Handler[]>, profile: StaffProfile = owner) {
  window.history.replaceState(null, '', path);
  const server = mockServer({
    'GET /api/antiforgery': () => json(200, ANTIFORGERY),
    [`GET ${API}/staff/session`]: () => json(200, staffSignedIn(profile)),
    [`GET ${API}/portal`]: () => json(200, { slug: 'demo', clinicName: 'Demo Family Clinic', defaultLanguage: 'en', timeZone: 'America/Toronto' }),
    [`GET ${API}/registration/id-types`]: () => json(200, idTypes()),
    [`GET ${B}/services`]: () => json(200, services()),
    [`GET ${B}/settings`]: () => json(200, { currency: 'cad', currencies: CURRENCIES }),
    ...routes,
  });
  renderWithI18n(<AdminApp />, adminMessages);
  return server;
}

describe('billing addresses and amounts', () => {
  it('finds the invoices, a new invoice, one invoice and the price list', () => {
    expect(parseAdminPath('/demo/admin/billing/invoices').route).toEqual({ area: 'clinic', slug: 'demo', page: 'billing/invoices' });
    expect(parseAdminPath('/demo/admin/billing/invoices/new').route).toEqual({ area: 'clinic', slug: 'demo', page: 'billing/invoices/new' });
    expect(parseAdminPath('/demo/admin/billing/services').route).toEqual({ area: 'clinic', slug: 'demo', page: 'billing/services' });
    expect(parseAdminPath(invoicePath('demo', INVOICE)).route).toEqual({ area: 'clinic', slug: 'demo', page: 'invoice', invoiceId: INVOICE });
    expect(parseAdminPath('/demo/admin/billing/invoices/not-an-id').route).toMatchObject({ page: 'notFound' });
    expect(newInvoicePath('demo', 'p 1')).toBe('/demo/admin/billing/invoices/new?patient=p%201');
  });

  it('reads amounts and rates typed in English or French, and refuses what is not one', () => {
    expect(parseCents('25')).toBe(2500);
    expect(parseCents('34.12')).toBe(3412);
    expect(parseCents('34,1')).toBe(3410);
    expect(parseCents(' 1 234,50 $')).toBe(123450);
    expect(parseCents('$0.05')).toBe(5);
    expect(parseCents('1.234')).toBeNull();
    expect(parseCents('-3')).toBeNull();
    expect(parseCents('abc')).toBeNull();
    expect(parseRate('13')).toBe(1300);
    expect(parseRate('9,98 %')).toBe(998);
    expect(parseRate('100')).toBe(10000);
    expect(parseRate('100.01')).toBeNull();
    expect(parseRate('')).toBeNull();
  });
});

describe('the staff billing pages', { timeout: 30_000 }, () => {
  it('lists invoices with patient, total and status, and filters them by status through the address', async () => {
    const server = renderAdmin('/demo/admin/billing/invoices', {
      [`GET ${B}/invoices`]: () => json(200, { items: [invoice(), invoice({ id: 'i-2', number: null, status: 'draft', patientName: null })] }),
      [`GET ${B}/invoices?status=paid`]: () => json(200, { items: [invoice()] }),
    });
    const table = await screen.findByRole('table', { name: 'All invoices' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(within(rows[0]!).getByRole('link', { name: 'Invoice 7' }).getAttribute('href')).toBe(invoicePath('demo', INVOICE));
    expect(rows[0]!.textContent).toContain('Camille Tremblay');
    expect(rows[0]!.textContent).toContain('$68.25');
    expect(rows[0]!.textContent).toContain('Paid');
    expect(rows[1]!.textContent).toContain('Draft invoice');
    expect(rows[1]!.textContent).toContain('Patient (chart not found)');
    expect(screen.getByRole('link', { name: 'Billing' }).getAttribute('aria-current')).toBe('page');
    expect(await axeViolations()).toEqual([]);

    fireEvent.change(screen.getByLabelText('Show'), { target: { value: 'paid' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    await screen.findByRole('table', { name: 'Paid' });
    expect(server.calls.some((call) => call.url === `${B}/invoices?status=paid`)).toBe(true);
  });

  it('makes a draft for the patient of the chart from the price list, then opens it', async () => {
    const created = invoice({ status: 'draft', number: null, paidAt: null, issuedAt: null });
    const server = renderAdmin(newInvoicePath('demo', PATIENT_ID), {
      [`GET ${API}/patients/${PATIENT_ID}`]: () => json(200, patientChart()),
      [`POST ${B}/invoices`]: () => json(201, created),
      [`GET ${B}/invoices/${INVOICE}`]: () => json(200, created),
    });
    await screen.findByRole('heading', { name: 'New invoice' });
    fireEvent.change(await screen.findByLabelText('Service, line 1'), { target: { value: FORM } });
    fireEvent.click(screen.getByRole('button', { name: 'Add a line' }));
    fireEvent.change(screen.getByLabelText('Service, line 2'), { target: { value: MISSED } });
    fireEvent.change(screen.getByLabelText('Quantity, line 2'), { target: { value: '2' } });
    expect(screen.getByText('Estimated total with taxes: $108.25')).toBeTruthy();
    expect(await axeViolations()).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    await screen.findByRole('heading', { name: 'Draft invoice' });
    expect(await screen.findByText(/Draft saved/)).toBeTruthy();
    const post = server.calls.find((call) => call.method === 'POST' && call.url === `${B}/invoices`)!;
    expect(post.json).toEqual({ patientId: PATIENT_ID, lines: [{ serviceId: FORM, quantity: 1 }, { serviceId: MISSED, quantity: 2 }], note: null });
  });

  it('says what is missing before sending a new invoice', async () => {
    const server = renderAdmin('/demo/admin/billing/invoices/new', {}, staffMember);
    fireEvent.click(await screen.findByRole('button', { name: 'Save draft' }));
    expect(await screen.findByText('Choose the patient.')).toBeTruthy();
    expect(screen.getByLabelText('Service, line 1').getAttribute('aria-invalid')).toBe('true');
    expect(server.calls.some((call) => call.method === 'POST')).toBe(false);
  });

  it('refunds part of a paid invoice in French, and shows the refund and the receipt link', async () => {
    window.localStorage.setItem(STORAGE_KEY, 'fr');
    const refunded = invoice({ status: 'partially_refunded', refundedCents: 3412, refunds: [{ id: 're_1', amountCents: 3412, createdAt: '2026-12-03T15:00:00Z' }] });
    const server = renderAdmin(invoicePath('demo', INVOICE), {
      [`GET ${B}/invoices/${INVOICE}`]: [() => json(200, invoice()), () => json(200, refunded)],
      [`POST ${B}/invoices/${INVOICE}/refunds`]: () => json(200, refunded),
    });
    await screen.findByRole('heading', { name: 'Facture 7' });
    expect(screen.getByRole('link', { name: 'Télécharger le reçu (PDF)' }).getAttribute('href')).toBe(`${B}/invoices/${INVOICE}/receipt`);
    expect(screen.queryByRole('button', { name: 'Annuler la facture' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Rembourser' }));
    fireEvent.click(screen.getByLabelText('Une partie'));
    fireEvent.change(screen.getByLabelText('Montant à rembourser'), { target: { value: '99' } });
    fireEvent.click(within(screen.getByRole('form', { name: 'Remboursement' })).getByRole('button', { name: 'Rembourser' }));
    expect(await screen.findByText('Le remboursement dépasse ce qui reste du paiement.')).toBeTruthy();
    expect(await axeViolations()).toEqual([]);
    fireEvent.change(screen.getByLabelText('Montant à rembourser'), { target: { value: '34,12' } });
    fireEvent.click(within(screen.getByRole('form', { name: 'Remboursement' })).getByRole('button', { name: 'Rembourser' }));
    expect(await screen.findByText('Remboursement fait par Stripe.')).toBeTruthy();
    await waitFor(() => expect(screen.getByText('Remboursée en partie')).toBeTruthy());
    expect(screen.getByRole('table', { name: 'Remboursements' }).textContent).toContain('34,12');
    const post = server.calls.find((call) => call.method === 'POST')!;
    expect(post.json).toEqual({ amountCents: 3412 });
  });
});

describe('the billing currency', { timeout: 30_000 }, () => {
  it('lets an owner choose it above the price list, which is then shown in it', async () => {
    const euro = { ...services(), currency: 'eur' };
    const server = renderAdmin('/demo/admin/billing/services', {
      [`GET ${B}/services`]: [() => json(200, services()), () => json(200, euro)],
      [`GET ${B}/settings`]: [() => json(200, { currency: 'cad', currencies: CURRENCIES }), () => json(200, { currency: 'eur', currencies: CURRENCIES })],
      [`PUT ${B}/settings`]: () => json(200, { currency: 'eur', currencies: CURRENCIES }),
    });
    const select = await screen.findByLabelText('Currency of the price list and new invoices');
    expect((select as HTMLSelectElement).value).toBe('cad');
    const options = within(select).getAllByRole('option').map((option) => option.textContent);
    expect(options).toHaveLength(4);
    expect(options[0]).toMatch(/\(CAD\)$/);
    expect(options).toContain('Euro (EUR)');
    expect(await screen.findByText('$25.00')).toBeTruthy();
    expect(await axeViolations()).toEqual([]);

    fireEvent.change(select, { target: { value: 'eur' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save currency' }));
    expect(await screen.findByText('New invoices will be in Euro (EUR).')).toBeTruthy();
    const put = server.calls.find((call) => call.method === 'PUT')!;
    expect(put.url).toBe(`${B}/settings`);
    expect(put.json).toEqual({ currency: 'eur' });
    // The price list is read again and its prices are shown in the new currency.
    await waitFor(() => expect(screen.getByRole('table', { name: 'Price list' }).textContent).toContain('€'));
    fireEvent.click(screen.getByRole('button', { name: 'Add a service' }));
    expect(await screen.findByLabelText('Price in EUR')).toBeTruthy();
  });

  it('shows the server’s refusal of a currency next to the field, in French', async () => {
    window.localStorage.setItem(STORAGE_KEY, 'fr');
    renderAdmin('/demo/admin/billing/services', {
      [`PUT ${B}/settings`]: () =>
        json(400, {
          type: 'about:blank',
          title: 'Validation failed',
          status: 400,
          code: 'validation_failed',
          errors: { currency: ['Choose one of: cad, usd, eur, gbp.'] },
        }),
    });
    const select = await screen.findByLabelText('Devise de la liste de prix et des nouvelles factures');
    expect(screen.getByRole('heading', { name: 'Devise de facturation' })).toBeTruthy();
    fireEvent.change(select, { target: { value: 'usd' } });
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer la devise' }));
    expect(await screen.findByText('Choose one of: cad, usd, eur, gbp.')).toBeTruthy();
    await waitFor(() => expect(select.getAttribute('aria-invalid')).toBe('true'));
    expect(await axeViolations()).toEqual([]);
  });

  it('is read, not changed, by staff who do not manage the price list', async () => {
    const server = renderAdmin('/demo/admin/billing/services', {}, staffMember);
    expect(await screen.findByText(/^The clinic bills in .* \(CAD\)\.$/)).toBeTruthy();
    expect(screen.queryByLabelText('Currency of the price list and new invoices')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Save currency' })).toBeNull();
    expect(server.calls.some((call) => call.method === 'PUT')).toBe(false);
  });
});
