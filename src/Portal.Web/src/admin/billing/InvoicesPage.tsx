import { useQuery } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useClinicZone } from '../../shared/clinicZone';
import { formatDate } from '../../shared/format';
import { useDocumentTitle, useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey } from '../../shared/i18n/translate';
import { QueryState } from '../../shared/QueryState';
import { followLink, type Navigate } from '../../shared/useLocationPath';
import { DataTable } from '../DataTable';
import { clinicAdminPath, invoicePath, newInvoicePath, patientPath } from '../routes';
import { billingApi, billingKeys, formatCents, INVOICE_STATUSES, parseStatus, type InvoiceStatus } from './api';
import { InvoiceStatusBadge, invoiceTitle, STATUS_KEYS } from './labels';

const LOAD_ERRORS = { forbidden: msgKey('admin.forbidden') };

interface Props {
  slug: string;
  clinicName: string;
  /** The address's query string: ?status= */
  search: string;
  navigate: Navigate;
  onSessionEnded(): void;
}

/** The clinic's invoices, newest first, in one status or all. */
export function InvoicesPage({ slug, clinicName, search, navigate, onSessionEnded }: Props) {
  const { t, lang } = useI18n();
  const zone = useClinicZone();
  useDocumentTitle(t('billing.invoices.pageTitle', { clinic: clinicName }));
  const status = parseStatus(search);
  const [chosen, setChosen] = useState<InvoiceStatus | ''>(status ?? '');
  useEffect(() => setChosen(status ?? ''), [status]);
  const list = useQuery({
    queryKey: billingKeys.invoices(slug, status, null),
    queryFn: ({ signal }) => billingApi.invoices(slug, status, null, signal),
    staleTime: 0,
  });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next = `${clinicAdminPath(slug, 'billing/invoices')}${chosen ? `?status=${chosen}` : ''}`;
    if (next === window.location.pathname + window.location.search) {
      void list.refetch();
    }
    navigate(next);
  };

  return (
    <>
      <div className="page-heading">
        <h1>{t('billing.invoices.heading')}</h1>
        <p className="page-heading-actions">
          <a className="button" href={newInvoicePath(slug)} onClick={(event) => followLink(event, navigate)}>
            {t('billing.newInvoice')}
          </a>{' '}
          <a className="button secondary" href={clinicAdminPath(slug, 'billing/services')} onClick={(event) => followLink(event, navigate)}>
            {t('billing.services.link')}
          </a>
        </p>
      </div>

      <form className="search-form" aria-label={t('billing.invoices.filter')} noValidate onSubmit={submit}>
        <div className="field">
          <label htmlFor="invoice-status">{t('billing.invoices.show')}</label>
          <select id="invoice-status" value={chosen} onChange={(event) => setChosen(event.target.value as InvoiceStatus | '')}>
            <option value="">{t('billing.invoices.all')}</option>
            {INVOICE_STATUSES.map((value) => (
              <option key={value} value={value}>
                {t(STATUS_KEYS[value])}
              </option>
            ))}
          </select>
        </div>
        <div className="form-actions">
          <button type="submit">{t('billing.invoices.apply')}</button>
        </div>
      </form>

      <h2 id="invoice-results">{status ? t(STATUS_KEYS[status]) : t('billing.invoices.all')}</h2>
      <div role="status" className="status-region">
        {list.data && (
          <p>
            {list.data.items.length === 0
              ? t('billing.invoices.empty')
              : list.data.items.length === 1
                ? t('billing.invoices.count.one')
                : t('billing.invoices.count.other', { count: list.data.items.length })}
          </p>
        )}
      </div>
      <QueryState query={list} errorMessages={LOAD_ERRORS} onSessionEnded={onSessionEnded}>
        {(loaded) =>
          loaded.items.length > 0 && (
            <DataTable labelledBy="invoice-results" className="invoices-table">
              <thead>
                <tr>
                  <th scope="col">{t('billing.column.invoice')}</th>
                  <th scope="col">{t('billing.column.patient')}</th>
                  <th scope="col">{t('billing.column.created')}</th>
                  <th scope="col">{t('billing.column.total')}</th>
                  <th scope="col">{t('billing.column.status')}</th>
                </tr>
              </thead>
              <tbody>
                {loaded.items.map((item) => (
                  <tr key={item.id}>
                    <th scope="row">
                      <a href={invoicePath(slug, item.id)} onClick={(event) => followLink(event, navigate)}>
                        {invoiceTitle(item.number, t)}
                      </a>
                    </th>
                    <td>
                      <a href={patientPath(slug, item.patientId)} onClick={(event) => followLink(event, navigate)}>
                        {item.patientName ?? t('billing.patientUnknown')}
                      </a>
                    </td>
                    <td className="nowrap">{formatDate(item.createdAt, lang, zone)}</td>
                    <td className="nowrap">{formatCents(item.totalCents, item.currency, lang)}</td>
                    <td>
                      <InvoiceStatusBadge status={item.status} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </DataTable>
          )
        }
      </QueryState>
    </>
  );
}
