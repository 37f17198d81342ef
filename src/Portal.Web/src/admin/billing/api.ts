import { api, data, type Schema } from '../../shared/api';

/** Billing, the staff side: the price list and the clinic's invoices (issue, void, refund). */

export type Service = Schema<'ServiceView'>;
export type ServiceBody = Schema<'ServiceBody'>;
export type Invoice = Schema<'InvoiceView'>;
export type InvoiceLine = Schema<'InvoiceLineView'>;
export type CreateInvoice = Schema<'CreateInvoiceCommand'>;
export type BillingSettings = Schema<'BillingSettingsView'>;

export const INVOICE_STATUSES = ['draft', 'issued', 'paid', 'partially_refunded', 'refunded', 'void'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/** TanStack Query keys; every one starts with billingKeys.all, which a change refreshes. */
export const billingKeys = {
  all: (slug: string) => ['clinic', slug, 'billing'],
  services: (slug: string) => ['clinic', slug, 'billing', 'services'],
  settings: (slug: string) => ['clinic', slug, 'billing', 'settings'],
  invoices: (slug: string, status: InvoiceStatus | null, patientId: string | null) => ['clinic', slug, 'billing', 'invoices', status, patientId],
  invoice: (slug: string, id: string) => ['clinic', slug, 'billing', 'invoice', id],
};

const clinic = (slug: string) => ({ path: { clinic: slug } });
const invoice = (slug: string, id: string) => ({ path: { clinic: slug, id } });

export const billingApi = {
  services: (slug: string, signal?: AbortSignal) => data(api.client.GET('/api/clinics/{clinic}/billing/services', { params: clinic(slug), signal })),
  settings: (slug: string, signal?: AbortSignal) => data(api.client.GET('/api/clinics/{clinic}/billing/settings', { params: clinic(slug), signal })),
  saveSettings: (slug: string, currency: string) =>
    data(api.client.PUT('/api/clinics/{clinic}/billing/settings', { params: clinic(slug), body: { currency } })),
  createService: (slug: string, body: ServiceBody) => data(api.client.POST('/api/clinics/{clinic}/billing/services', { params: clinic(slug), body })),
  updateService: (slug: string, id: string, body: ServiceBody) =>
    data(api.client.PUT('/api/clinics/{clinic}/billing/services/{id}', { params: invoice(slug, id), body })),
  invoices: (slug: string, status: InvoiceStatus | null, patientId: string | null, signal?: AbortSignal) =>
    data(
      api.client.GET('/api/clinics/{clinic}/billing/invoices', {
        params: { ...clinic(slug), query: { status: status ?? undefined, patientId: patientId ?? undefined } },
        signal,
      }),
    ),
  invoice: (slug: string, id: string, signal?: AbortSignal) =>
    data(api.client.GET('/api/clinics/{clinic}/billing/invoices/{id}', { params: invoice(slug, id), signal })),
  create: (slug: string, body: CreateInvoice) => data(api.client.POST('/api/clinics/{clinic}/billing/invoices', { params: clinic(slug), body })),
  issue: (slug: string, id: string) => data(api.client.POST('/api/clinics/{clinic}/billing/invoices/{id}/issue', { params: invoice(slug, id) })),
  void: (slug: string, id: string) => data(api.client.POST('/api/clinics/{clinic}/billing/invoices/{id}/void', { params: invoice(slug, id) })),
  /** All that is left when amountCents is null. */
  refund: (slug: string, id: string, amountCents: number | null) =>
    data(api.client.POST('/api/clinics/{clinic}/billing/invoices/{id}/refunds', { params: invoice(slug, id), body: { amountCents } })),
};

/** Where staff download a paid invoice's receipt (a PDF in the patient's language). */
export const receiptUrl = (slug: string, id: string) =>
  `/api/clinics/${encodeURIComponent(slug)}/billing/invoices/${encodeURIComponent(id)}/receipt`;

export function parseStatus(search: string): InvoiceStatus | null {
  const value = new URLSearchParams(search).get('status');
  return INVOICE_STATUSES.find((status) => status === value) ?? null;
}

/** An amount in cents, as the page's language writes it ($68.25, 68,25 $). */
export function formatCents(cents: number, currency: string, lang: string): string {
  return new Intl.NumberFormat(lang === 'fr' ? 'fr-CA' : 'en-CA', { style: 'currency', currency: currency.toUpperCase() }).format(cents / 100);
}

/** A currency's name in the page's language ("Canadian dollar", "euro"); the code itself where the browser knows no name. */
export function currencyName(currency: string, lang: string): string {
  const code = currency.toUpperCase();
  try {
    return new Intl.DisplayNames([lang === 'fr' ? 'fr-CA' : 'en-CA'], { type: 'currency' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * Cents from an amount typed in either language ("25", "25.50", "25,50", "1 234,5", "$25"); null when it is not one, or has
 * more than two decimals.
 */
export function parseCents(text: string): number | null {
  const cleaned = text.replace(/[\s\u00a0\u202f$€£]/g, '');
  const match = /^(\d{1,9})(?:[.,](\d{1,2}))?$/.exec(cleaned);
  if (!match) {
    return null;
  }
  const whole = Number(match[1]);
  const fraction = match[2] ? Number(match[2].padEnd(2, '0')) : 0;
  return whole * 100 + fraction;
}

/** Basis points from a percentage typed in either language ("13", "13.5", "9,98"); null when it is not one from 0 to 100. */
export function parseRate(text: string): number | null {
  const cleaned = text.replace(/[\s\u00a0\u202f%]/g, '');
  const match = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(cleaned);
  if (!match) {
    return null;
  }
  const points = Number(match[1]) * 100 + (match[2] ? Number(match[2].padEnd(2, '0')) : 0);
  return points <= 10000 ? points : null;
}

/** Basis points as a percentage in the page's language (1300 -> "13 %" / "13 %"). */
export function formatRate(basisPoints: number, lang: string): string {
  return new Intl.NumberFormat(lang === 'fr' ? 'fr-CA' : 'en-CA', { style: 'percent', maximumFractionDigits: 2 }).format(basisPoints / 10000);
}

/** Cents as the amount field shows them for editing ("25.00" or "25,00"). */
export function centsAsInput(cents: number, lang: string): string {
  const text = (cents / 100).toFixed(2);
  return lang === 'fr' ? text.replace('.', ',') : text;
}

/** Basis points as the rate field shows them for editing ("13", "9,98"). */
export function rateAsInput(basisPoints: number, lang: string): string {
  const text = String(basisPoints / 100);
  return lang === 'fr' ? text.replace('.', ',') : text;
}
