import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../../shared/api';
import { useClinicZone } from '../../shared/clinicZone';
import { formatDate } from '../../shared/format';
import { useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey } from '../../shared/i18n/translate';
import { QueryState } from '../../shared/QueryState';
import { followLink, type Navigate } from '../../shared/useLocationPath';
import { PAGE_NAME_KEYS, PortalPage } from '../PortalPage';
import { billPath, portalPath } from '../routes';
import { billsApi, billsKeys, formatMoney, receiptUrl, type MyBill } from './api';

interface Props {
  slug: string;
  clinicName: string;
  navigate: Navigate;
  onSessionEnded(): void;
}

const STATUS_KEYS: Record<string, string> = {
  issued: msgKey('portal.bills.status.issued'),
  paid: msgKey('portal.bills.status.paid'),
  partially_refunded: msgKey('portal.bills.status.partially_refunded'),
  refunded: msgKey('portal.bills.status.refunded'),
};

/** Bills (B1): the patient's bills from the clinic, newest first, each with its total and whether it is to pay. */
export function BillsPage({ slug, clinicName, navigate, onSessionEnded }: Props) {
  const { t, lang } = useI18n();
  const zone = useClinicZone();
  const list = useQuery({
    queryKey: billsKeys.list(slug),
    queryFn: ({ signal }) => billsApi.list(slug, signal),
    staleTime: 0,
  });
  return (
    <PortalPage slug={slug} clinicName={clinicName} title={t(PAGE_NAME_KEYS.bills)} homeLink navigate={navigate}>
      <QueryState query={list} onSessionEnded={onSessionEnded} isEmpty={(loaded) => loaded.items.length === 0} empty={t('portal.bills.empty')}>
        {(loaded) => (
          <ul className="portal-conversations">
            {loaded.items.map((bill) => (
              <li key={bill.id} className="portal-conversation">
                <a href={billPath(slug, bill.id)} onClick={(event) => followLink(event, navigate)}>
                  {t('portal.bills.number', { number: bill.number })}
                </a>
                <p className="help">
                  {t('portal.bills.issued', { date: formatDate(bill.issuedAt, lang, zone) })}
                  {' · '}
                  {formatMoney(bill.totalCents, bill.currency, lang)}
                  {' · '}
                  {t(STATUS_KEYS[bill.status] ?? 'portal.bills.status.issued')}
                </p>
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </PortalPage>
  );
}

interface BillProps extends Props {
  billId: string;
}

/**
 * One bill: its lines, totals and status as the server knows it, and Pay while it is to pay. Stripe Checkout sends the
 * patient back here with ?checkout={session} (then the page reloads the bill until the payment is confirmed) or
 * ?checkout=cancelled.
 */
export function BillPage({ slug, clinicName, billId, navigate, onSessionEnded }: BillProps) {
  const { t } = useI18n();
  const returned = new URLSearchParams(window.location.search).get('checkout');
  const bill = useQuery({
    queryKey: billsKeys.one(slug, billId),
    queryFn: ({ signal }) => billsApi.one(slug, billId, signal),
    staleTime: 0,
    // Back from paying: the webhook may land a moment later.
    refetchInterval: (query) => (returned && returned !== 'cancelled' && query.state.data?.status === 'issued' ? 2000 : false),
  });
  const back = (
    <p className="portal-back">
      <a href={portalPath(slug, 'bills')} onClick={(event) => followLink(event, navigate)}>
        {t('portal.bills.back')} <span className="visually-hidden">{t('portal.bills.backTo')}</span>
      </a>
    </p>
  );
  const title = bill.data ? t('portal.bills.number', { number: bill.data.number }) : t('portal.bills.loadingTitle');
  const notFound = bill.error instanceof ApiError && bill.error.status === 404;
  return (
    <PortalPage slug={slug} clinicName={clinicName} title={title} homeLink={false} navigate={navigate}>
      {back}
      {notFound && !bill.data ? (
        <div role="alert" className="message error">
          <p>{t('portal.bills.notFound')}</p>
        </div>
      ) : (
        <QueryState query={bill} onSessionEnded={onSessionEnded}>
          {(loaded) => <BillDetails slug={slug} bill={loaded} returned={returned} onSessionEnded={onSessionEnded} />}
        </QueryState>
      )}
    </PortalPage>
  );
}

function BillDetails({ slug, bill, returned, onSessionEnded }: { slug: string; bill: MyBill; returned: string | null; onSessionEnded(): void }) {
  const { t, lang } = useI18n();
  const zone = useClinicZone();
  const [problem, setProblem] = useState<string | null>(null);
  const pay = useMutation({ mutationFn: () => billsApi.pay(slug, bill.id) });
  const money = (cents: number) => formatMoney(cents, bill.currency, lang);

  const startPaying = async () => {
    setProblem(null);
    try {
      const start = await pay.mutateAsync();
      window.location.assign(start.url);
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 401) {
        onSessionEnded();
        return;
      }
      setProblem(caught instanceof ApiError && caught.code === 'not_payable' ? t('portal.bills.notPayable') : t('portal.bills.payFailed'));
    }
  };

  const notice =
    returned === 'cancelled'
      ? bill.status === 'issued'
        ? t('portal.bills.cancelled')
        : null
      : returned
        ? bill.status === 'issued'
          ? t('portal.bills.confirming')
          : t('portal.bills.paidThanks')
        : null;
  return (
    <>
      <div role="status" className="status-region">
        {notice && <p className="message">{notice}</p>}
        {pay.isPending && <p>{t('portal.bills.paying')}</p>}
      </div>
      <dl className="portal-details">
        <dt>{t('portal.appts.detail.status')}</dt>
        <dd>{t(STATUS_KEYS[bill.status] ?? 'portal.bills.status.issued')}</dd>
        <dt>{t('portal.bills.total')}</dt>
        <dd>{money(bill.totalCents)}</dd>
        {bill.paidAt && (
          <>
            <dt>{t('portal.bills.paidOn')}</dt>
            <dd>{formatDate(bill.paidAt, lang, zone)}</dd>
          </>
        )}
        {bill.refundedCents > 0 && (
          <>
            <dt>{t('portal.bills.refunded')}</dt>
            <dd>{money(bill.refundedCents)}</dd>
          </>
        )}
      </dl>
      {bill.paidAt && bill.status !== 'issued' && (
        <p>
          <a className="button secondary" href={receiptUrl(slug, bill.id)} download>
            {t('portal.bills.receipt')}
          </a>
        </p>
      )}
      <table className="portal-table">
        <caption>{t('portal.bills.lines')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('portal.bills.line.item')}</th>
            <th scope="col">{t('portal.bills.line.quantity')}</th>
            <th scope="col">{t('portal.bills.line.unit')}</th>
            <th scope="col">{t('portal.bills.line.tax')}</th>
            <th scope="col">{t('portal.bills.line.total')}</th>
          </tr>
        </thead>
        <tbody>
          {bill.lines.map((line) => (
            <tr key={line.position}>
              <th scope="row">{lang === 'fr' ? line.descriptionFr : line.descriptionEn}</th>
              <td>{line.quantity}</td>
              <td>{money(line.unitPriceCents)}</td>
              <td>{money(line.taxCents)}</td>
              <td>{money(line.totalCents)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={4}>{t('portal.bills.subtotal')}</th>
            <td>{money(bill.subtotalCents)}</td>
          </tr>
          <tr>
            <th scope="row" colSpan={4}>{t('portal.bills.tax')}</th>
            <td>{money(bill.taxCents)}</td>
          </tr>
          <tr>
            <th scope="row" colSpan={4}>{t('portal.bills.total')}</th>
            <td>{money(bill.totalCents)}</td>
          </tr>
        </tfoot>
      </table>
      {problem && (
        <div role="alert" className="message error">
          <p>{problem}</p>
        </div>
      )}
      {bill.canPay && (
        <>
          <p>
            <button type="button" onClick={() => void startPaying()} disabled={pay.isPending}>
              {t('portal.bills.pay', { amount: money(bill.totalCents) })}
            </button>
          </p>
          <p className="help">{t('portal.bills.payHelp')}</p>
        </>
      )}
    </>
  );
}
