import { api, data, type Schema } from '../../shared/api';

/** The signed-in patient's bills (B1) and paying one on Stripe Checkout (B2). */

export type MyBill = Schema<'MyBill'>;
export type BillLine = Schema<'InvoiceLineView'>;

export const billsKeys = {
  all: (slug: string) => ['portal', slug, 'bills'],
  list: (slug: string) => ['portal', slug, 'bills', 'list'],
  one: (slug: string, id: string) => ['portal', slug, 'bills', 'one', id],
};

export const billsApi = {
  list: (slug: string, signal?: AbortSignal) =>
    data(api.client.GET('/api/clinics/{clinic}/portal/bills', { params: { path: { clinic: slug } }, signal })),
  one: (slug: string, id: string, signal?: AbortSignal) =>
    data(api.client.GET('/api/clinics/{clinic}/portal/bills/{id}', { params: { path: { clinic: slug, id } }, signal })),
  /** Answers the address of Stripe's checkout page for the bill; the amount is the server's. */
  pay: (slug: string, id: string) =>
    data(api.client.POST('/api/clinics/{clinic}/portal/bills/{id}/checkout', { params: { path: { clinic: slug, id } } })),
};

/** Where the patient downloads a paid bill's receipt (a PDF in their language). */
export const receiptUrl = (slug: string, id: string) => `/api/clinics/${encodeURIComponent(slug)}/portal/bills/${encodeURIComponent(id)}/receipt`;

/** An amount in cents of a currency, as the reader's language writes it ($68.25, 68,25 $). */
export function formatMoney(cents: number, currency: string, lang: string): string {
  return new Intl.NumberFormat(lang === 'fr' ? 'fr-CA' : 'en-CA', { style: 'currency', currency: currency.toUpperCase() }).format(cents / 100);
}
