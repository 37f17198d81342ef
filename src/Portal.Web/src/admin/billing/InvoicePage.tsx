import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../shared/api';
import { useClinicZone } from '../../shared/clinicZone';
import { errorMessage } from '../../shared/errors';
import { describedBy, FieldError } from '../../shared/FieldError';
import { formatDateTime } from '../../shared/format';
import { useDocumentTitle, useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey } from '../../shared/i18n/translate';
import { QueryState } from '../../shared/QueryState';
import { followLink, type Navigate } from '../../shared/useLocationPath';
import { DataTable } from '../DataTable';
import { patientPath } from '../routes';
import { billingApi, billingKeys, formatCents, parseCents, receiptUrl, type Invoice } from './api';
import { BillingBreadcrumb, InvoiceStatusBadge, invoiceTitle } from './labels';

const LOAD_ERRORS = { invoice_not_found: msgKey('billing.invoice.notFound') };

const ACTION_ERRORS = {
  not_draft: msgKey('billing.error.notDraft'),
  cannot_void: msgKey('billing.error.cannotVoid'),
  not_refundable: msgKey('billing.error.notRefundable'),
  refund_too_large: msgKey('billing.error.refundTooLarge'),
  stripe_unavailable: msgKey('billing.error.stripeUnavailable'),
  stripe_keys_missing: msgKey('billing.error.stripeKeysMissing'),
  refund_refused: msgKey('billing.error.refundRefused'),
};

const RECEIPT_STATUSES = new Set(['paid', 'partially_refunded', 'refunded']);
const REFUNDABLE = new Set(['paid', 'partially_refunded']);

type Action = { kind: 'issue' } | { kind: 'void' } | { kind: 'refund'; amountCents: number | null };
type Panel = 'none' | 'void' | 'refund';

const DONE_KEYS: Record<Action['kind'], string> = {
  issue: msgKey('billing.done.issued'),
  void: msgKey('billing.done.voided'),
  refund: msgKey('billing.done.refunded'),
};

interface Props {
  slug: string;
  clinicName: string;
  invoiceId: string;
  navigate: Navigate;
  onSessionEnded(): void;
  /** A message for this page from the one before ("Draft saved."). */
  notice: string | null;
}

/** One invoice: its patient, status, lines and totals, payment and refunds, and what staff may do with it now. */
export function InvoicePage({ slug, clinicName, invoiceId, navigate, onSessionEnded, notice }: Props) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: billingKeys.invoice(slug, invoiceId), queryFn: ({ signal }) => billingApi.invoice(slug, invoiceId, signal), staleTime: 0 });
  const [status, setStatus] = useState<string | null>(null);
  const [panel, setPanel] = useState<Panel>('none');
  const heading = useRef<HTMLHeadingElement>(null);
  const title = query.data
    ? t('billing.invoice.pageTitle', { invoice: invoiceTitle(query.data.number, t), clinic: clinicName })
    : t('billing.invoice.loadingTitle', { clinic: clinicName });
  useDocumentTitle(title);
  useEffect(() => setStatus(notice ? t(notice) : null), [notice, t]);

  const action = useMutation({
    mutationFn: (chosen: Action): Promise<Invoice> =>
      chosen.kind === 'issue'
        ? billingApi.issue(slug, invoiceId)
        : chosen.kind === 'void'
          ? billingApi.void(slug, invoiceId)
          : billingApi.refund(slug, invoiceId, chosen.amountCents),
    onSuccess: async (invoice, chosen) => {
      queryClient.setQueryData(billingKeys.invoice(slug, invoiceId), invoice);
      await queryClient.invalidateQueries({ queryKey: billingKeys.all(slug) });
      setPanel('none');
      setStatus(t(DONE_KEYS[chosen.kind]));
      heading.current?.focus();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 401) {
        onSessionEnded();
      }
    },
  });

  const run = (chosen: Action) => {
    setStatus(null);
    action.mutate(chosen);
  };
  const open = (next: Panel) => {
    action.reset();
    setStatus(null);
    setPanel(next);
  };

  return (
    <>
      <BillingBreadcrumb slug={slug} navigate={navigate} />
      <QueryState query={query} errorMessages={LOAD_ERRORS} onSessionEnded={onSessionEnded}>
        {(invoice) => {
          const busy = action.isPending;
          const canIssue = invoice.status === 'draft';
          const canVoid = invoice.status === 'draft' || invoice.status === 'issued';
          const canRefund = REFUNDABLE.has(invoice.status);
          return (
            <>
              <div className="page-heading">
                <h1 ref={heading} tabIndex={-1}>
                  {invoiceTitle(invoice.number, t)}
                </h1>
                {RECEIPT_STATUSES.has(invoice.status) && (
                  <p className="page-heading-actions">
                    <a className="button secondary" href={receiptUrl(slug, invoice.id)} download>
                      {t('billing.invoice.receipt')}
                    </a>
                  </p>
                )}
              </div>
              <div role="status" className="status-region">
                {status && (
                  <div className="message success">
                    <p>{status}</p>
                  </div>
                )}
              </div>
              <Facts slug={slug} invoice={invoice} navigate={navigate} />

              <h2>{t('billing.invoice.actions')}</h2>
              {action.isError && (
                <div role="alert" className="message error">
                  <p>{errorMessage(action.error, t, ACTION_ERRORS)}</p>
                </div>
              )}
              {canIssue || canVoid || canRefund ? (
                <p className="appointment-actions">
                  {canIssue && (
                    <>
                      <button type="button" disabled={busy} onClick={() => run({ kind: 'issue' })}>
                        {t('billing.action.issue')}
                      </button>{' '}
                    </>
                  )}
                  {canVoid && (
                    <>
                      <button type="button" className="secondary" disabled={busy} onClick={() => open('void')} aria-expanded={panel === 'void'}>
                        {t('billing.action.void')}
                      </button>{' '}
                    </>
                  )}
                  {canRefund && (
                    <button type="button" className="secondary" disabled={busy} onClick={() => open('refund')} aria-expanded={panel === 'refund'}>
                      {t('billing.action.refund')}
                    </button>
                  )}
                </p>
              ) : (
                <p className="help">{t('billing.invoice.noActions')}</p>
              )}
              {panel === 'void' && canVoid && (
                <div className="form-section">
                  <p>{invoice.status === 'issued' ? t('billing.void.confirmIssued') : t('billing.void.confirmDraft')}</p>
                  <p>
                    <button type="button" disabled={busy} onClick={() => run({ kind: 'void' })}>
                      {t('billing.void.confirm')}
                    </button>{' '}
                    <button type="button" className="secondary" onClick={() => setPanel('none')}>
                      {t('billing.cancel')}
                    </button>
                  </p>
                </div>
              )}
              {panel === 'refund' && canRefund && <RefundForm invoice={invoice} busy={busy} onRefund={(amountCents) => run({ kind: 'refund', amountCents })} onCancel={() => setPanel('none')} />}

              <Lines invoice={invoice} />
              <Refunds invoice={invoice} />
            </>
          );
        }}
      </QueryState>
    </>
  );
}

function Facts({ slug, invoice, navigate }: { slug: string; invoice: Invoice; navigate: Navigate }) {
  const { t, lang } = useI18n();
  const zone = useClinicZone();
  const when = (value: string) => formatDateTime(value, lang, zone);
  const money = (cents: number) => formatCents(cents, invoice.currency, lang);
  return (
    <dl className="facts">
      <dt>{t('billing.column.patient')}</dt>
      <dd>
        <a href={patientPath(slug, invoice.patientId)} onClick={(event) => followLink(event, navigate)}>
          {invoice.patientName ?? t('billing.patientUnknown')}
        </a>
      </dd>
      <dt>{t('billing.column.status')}</dt>
      <dd>
        <InvoiceStatusBadge status={invoice.status} />
      </dd>
      <dt>{t('billing.invoice.total')}</dt>
      <dd>{money(invoice.totalCents)}</dd>
      {invoice.refundedCents > 0 && (
        <>
          <dt>{t('billing.invoice.refunded')}</dt>
          <dd>{money(invoice.refundedCents)}</dd>
        </>
      )}
      <dt>{t('billing.column.created')}</dt>
      <dd>{when(invoice.createdAt)}</dd>
      {invoice.issuedAt && (
        <>
          <dt>{t('billing.invoice.issuedAt')}</dt>
          <dd>{when(invoice.issuedAt)}</dd>
        </>
      )}
      {invoice.paidAt && (
        <>
          <dt>{t('billing.invoice.paidAt')}</dt>
          <dd>{when(invoice.paidAt)}</dd>
        </>
      )}
      {invoice.voidedAt && (
        <>
          <dt>{t('billing.invoice.voidedAt')}</dt>
          <dd>{when(invoice.voidedAt)}</dd>
        </>
      )}
      {invoice.note && (
        <>
          <dt>{t('billing.invoice.note')}</dt>
          <dd>{invoice.note}</dd>
        </>
      )}
    </dl>
  );
}

function Lines({ invoice }: { invoice: Invoice }) {
  const { t, lang } = useI18n();
  const money = (cents: number) => formatCents(cents, invoice.currency, lang);
  return (
    <>
      <h2 id="invoice-lines">{t('billing.invoice.lines')}</h2>
      <DataTable labelledBy="invoice-lines">
        <thead>
          <tr>
            <th scope="col">{t('billing.line.item')}</th>
            <th scope="col">{t('billing.line.quantity')}</th>
            <th scope="col">{t('billing.line.unit')}</th>
            <th scope="col">{t('billing.line.tax')}</th>
            <th scope="col">{t('billing.line.total')}</th>
          </tr>
        </thead>
        <tbody>
          {invoice.lines.map((line) => (
            <tr key={line.position}>
              <th scope="row">{lang === 'fr' ? line.descriptionFr : line.descriptionEn}</th>
              <td>{line.quantity}</td>
              <td className="nowrap">{money(line.unitPriceCents)}</td>
              <td className="nowrap">{money(line.taxCents)}</td>
              <td className="nowrap">{money(line.totalCents)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={4}>
              {t('billing.invoice.subtotal')}
            </th>
            <td className="nowrap">{money(invoice.subtotalCents)}</td>
          </tr>
          <tr>
            <th scope="row" colSpan={4}>
              {t('billing.invoice.tax')}
            </th>
            <td className="nowrap">{money(invoice.taxCents)}</td>
          </tr>
          <tr>
            <th scope="row" colSpan={4}>
              {t('billing.invoice.total')}
            </th>
            <td className="nowrap">{money(invoice.totalCents)}</td>
          </tr>
        </tfoot>
      </DataTable>
    </>
  );
}

function Refunds({ invoice }: { invoice: Invoice }) {
  const { t, lang } = useI18n();
  const zone = useClinicZone();
  if (invoice.refunds.length === 0) {
    return null;
  }
  return (
    <>
      <h2 id="invoice-refunds">{t('billing.invoice.refunds')}</h2>
      <DataTable labelledBy="invoice-refunds">
        <thead>
          <tr>
            <th scope="col">{t('billing.refund.when')}</th>
            <th scope="col">{t('billing.refund.amount')}</th>
          </tr>
        </thead>
        <tbody>
          {invoice.refunds.map((refund) => (
            <tr key={refund.id}>
              <td>{formatDateTime(refund.createdAt, lang, zone)}</td>
              <td className="nowrap">{formatCents(refund.amountCents, invoice.currency, lang)}</td>
            </tr>
          ))}
        </tbody>
      </DataTable>
    </>
  );
}

function RefundForm({ invoice, busy, onRefund, onCancel }: { invoice: Invoice; busy: boolean; onRefund(amountCents: number | null): void; onCancel(): void }) {
  const { t, lang } = useI18n();
  const left = invoice.totalCents - invoice.refundedCents;
  const [kind, setKind] = useState<'all' | 'part'>('all');
  const [amount, setAmount] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (kind === 'all') {
      onRefund(null);
      return;
    }
    const cents = parseCents(amount);
    if (cents === null || cents < 1) {
      setProblem(t('billing.refund.amountInvalid'));
      return;
    }
    if (cents > left) {
      setProblem(t('billing.error.refundTooLarge'));
      return;
    }
    setProblem(null);
    onRefund(cents);
  };
  return (
    <form className="form-section" noValidate onSubmit={submit} aria-labelledby="refund-heading">
      <h3 id="refund-heading">{t('billing.refund.heading')}</h3>
      <fieldset>
        <legend>{t('billing.refund.how', { left: formatCents(left, invoice.currency, lang) })}</legend>
        <div className="field check">
          <input id="refund-all" type="radio" name="refund-kind" checked={kind === 'all'} onChange={() => setKind('all')} />
          <label htmlFor="refund-all">{t('billing.refund.all', { amount: formatCents(left, invoice.currency, lang) })}</label>
        </div>
        <div className="field check">
          <input id="refund-part" type="radio" name="refund-kind" checked={kind === 'part'} onChange={() => setKind('part')} />
          <label htmlFor="refund-part">{t('billing.refund.part')}</label>
        </div>
      </fieldset>
      {kind === 'part' && (
        <div className="field">
          <label htmlFor="refund-amount">{t('billing.refund.amountField')}</label>
          <p className="help" id="refund-amount-help">
            {t('billing.refund.amountHelp')}
          </p>
          <input
            id="refund-amount"
            inputMode="decimal"
            autoComplete="off"
            value={amount}
            onChange={(event) => setAmount(event.target.value)}
            aria-invalid={problem ? true : undefined}
            aria-describedby={describedBy('refund-amount-help', problem && 'refund-amount-error')}
          />
          <FieldError id="refund-amount-error" message={problem} />
        </div>
      )}
      <p>
        <button type="submit" disabled={busy}>
          {busy ? t('billing.refund.refunding') : t('billing.refund.submit')}
        </button>{' '}
        <button type="button" className="secondary" onClick={onCancel}>
          {t('billing.cancel')}
        </button>
      </p>
    </form>
  );
}
