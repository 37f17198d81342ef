import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MyBill } from '../src/portal/bills/api';
import { patientProfile, patientSignedIn } from './fixtures';
import { axeViolations, json, problem, type Handler } from './helpers';
import { API, ME, inFrench, renderPortal } from './portal-helpers';

const BILL = '0193a1b2-0000-7000-8000-00000000e001';
const LIST = `GET ${API}/bills`;
const ONE = `GET ${API}/bills/${BILL}`;
const PAY = `POST ${API}/bills/${BILL}/checkout`;

function bill(overrides: Partial<MyBill> = {}): MyBill {
  return {
    id: BILL,
    number: 7,
    status: 'issued',
    currency: 'cad',
    subtotalCents: 6500,
    taxCents: 325,
    totalCents: 6825,
    refundedCents: 0,
    issuedAt: '2026-12-01T15:00:00Z',
    paidAt: null,
    canPay: true,
    lines: [
      {
        position: 1,
        serviceId: '0193a1b2-0000-7000-8000-00000000f001',
        descriptionEn: 'Insurance form',
        descriptionFr: "Formulaire d'assurance",
        quantity: 1,
        unitPriceCents: 2500,
        taxRateBasisPoints: 1300,
        taxCents: 325,
        totalCents: 2825,
      },
      {
        position: 2,
        serviceId: '0193a1b2-0000-7000-8000-00000000f002',
        descriptionEn: 'Missed appointment',
        descriptionFr: 'Rendez-vous manqué',
        quantity: 1,
        unitPriceCents: 4000,
        taxRateBasisPoints: 0,
        taxCents: 0,
        totalCents: 4000,
      },
    ],
    ...overrides,
  };
}

function renderSignedIn(path: string, routes: Record<string, Handler | Handler[]> = {}) {
  return renderPortal(path, {
    [ME]: () => json(200, patientSignedIn(patientProfile())),
    [LIST]: () => json(200, { items: [bill()] }),
    [ONE]: () => json(200, bill()),
    ...routes,
  });
}

afterEach(() => {
  vi.restoreAllMocks();
  window.history.replaceState(null, '', '/');
});

describe('Bills', { timeout: 30_000 }, () => {
  it('lists the bills with their totals and opens one with its lines, and axe finds nothing', async () => {
    renderSignedIn('/demo/bills');
    const link = await screen.findByRole('link', { name: 'Bill no. 7' });
    expect(screen.getByText(/\$68\.25 · To pay/)).toBeTruthy();
    expect(await axeViolations()).toEqual([]);
    fireEvent.click(link);
    expect(await screen.findByRole('heading', { level: 2, name: 'Bill no. 7' })).toBeTruthy();
    const table = screen.getByRole('table', { name: 'What the bill is for' });
    expect(within(table).getByRole('rowheader', { name: 'Insurance form' })).toBeTruthy();
    expect(within(table).getAllByText('$68.25').length).toBeGreaterThan(0);
    expect(screen.getByRole('button', { name: 'Pay $68.25' })).toBeTruthy();
    expect(await axeViolations()).toEqual([]);
  });

  it('Pay asks the server for the checkout page and goes there; no amount is sent', async () => {
    const assign = vi.fn();
    vi.spyOn(window, 'location', 'get').mockReturnValue({ ...window.location, assign, search: '', pathname: `/demo/bills/${BILL}` } as Location);
    const pay = vi.fn(() => json(200, { sessionId: 'cs_test_1', url: 'https://checkout.example/pay/cs_test_1' }));
    renderSignedIn(`/demo/bills/${BILL}`, { [PAY]: pay });
    fireEvent.click(await screen.findByRole('button', { name: 'Pay $68.25' }));
    await waitFor(() => expect(assign).toHaveBeenCalledWith('https://checkout.example/pay/cs_test_1'));
    expect(pay).toHaveBeenCalledTimes(1);
  });

  it('says when the bill can no longer be paid', async () => {
    renderSignedIn(`/demo/bills/${BILL}`, { [PAY]: () => problem(409, 'not_payable', 'This bill cannot be paid now.') });
    fireEvent.click(await screen.findByRole('button', { name: 'Pay $68.25' }));
    expect((await screen.findByRole('alert')).textContent).toContain('can no longer be paid here');
  });

  it('back from paying, shows the bill paid as the server says, in French, and axe finds nothing', async () => {
    inFrench();
    window.history.replaceState(null, '', `/demo/bills/${BILL}?checkout=cs_test_1`);
    renderSignedIn(`/demo/bills/${BILL}?checkout=cs_test_1`, { [ONE]: () => json(200, bill({ status: 'paid', canPay: false, paidAt: '2026-12-02T15:00:00Z' })) });
    expect(await screen.findByRole('heading', { level: 2, name: 'Facture n° 7' })).toBeTruthy();
    expect(await screen.findByText('Merci : cette facture est payée.')).toBeTruthy();
    expect(screen.getByText('Payée')).toBeTruthy();
    expect(screen.getByRole('rowheader', { name: "Formulaire d'assurance" })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Payer/ })).toBeNull();
    expect(await axeViolations()).toEqual([]);
  });

  it('an unknown bill says it was not found', async () => {
    renderSignedIn(`/demo/bills/${BILL}`, { [ONE]: () => problem(404, 'bill_not_found', 'There is no such bill.') });
    expect((await screen.findByRole('alert')).textContent).toContain('This bill was not found.');
  });
});
