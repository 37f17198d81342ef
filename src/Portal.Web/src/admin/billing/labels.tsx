import { useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey, type Translate } from '../../shared/i18n/translate';
import { followLink, type Navigate } from '../../shared/useLocationPath';
import { clinicAdminPath } from '../routes';
import type { InvoiceStatus } from './api';

export const STATUS_KEYS: Record<InvoiceStatus, string> = {
  draft: msgKey('billing.status.draft'),
  issued: msgKey('billing.status.issued'),
  paid: msgKey('billing.status.paid'),
  partially_refunded: msgKey('billing.status.partially_refunded'),
  refunded: msgKey('billing.status.refunded'),
  void: msgKey('billing.status.void'),
};

const STATUS_CLASSES: Record<InvoiceStatus, string> = {
  draft: 'badge badge-neutral',
  issued: 'badge badge-paused',
  paid: 'badge badge-ok',
  partially_refunded: 'badge badge-neutral',
  refunded: 'badge badge-neutral',
  void: 'badge badge-neutral',
};

export function InvoiceStatusBadge({ status }: { status: string }) {
  const { t } = useI18n();
  const known = status as InvoiceStatus;
  return <span className={STATUS_CLASSES[known] ?? 'badge badge-neutral'}>{t(STATUS_KEYS[known] ?? status)}</span>;
}

/** "Invoice 12", or "Draft" for one not issued yet. */
export function invoiceTitle(number: number | null | undefined, t: Translate): string {
  return number ? t('billing.invoice.number', { number }) : t('billing.invoice.draftTitle');
}

/** "Invoices", above the heading of the pages under the invoice list, back to it. */
export function BillingBreadcrumb({ slug, navigate }: { slug: string; navigate: Navigate }) {
  const { t } = useI18n();
  return (
    <p className="breadcrumb">
      <a href={clinicAdminPath(slug, 'billing/invoices')} onClick={(event) => followLink(event, navigate)}>
        {t('billing.breadcrumb')}
      </a>
    </p>
  );
}
