import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../shared/api';
import { errorMessage, fieldErrors } from '../../shared/errors';
import { describedBy, FieldError } from '../../shared/FieldError';
import { useDocumentTitle, useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey } from '../../shared/i18n/translate';
import { QueryState } from '../../shared/QueryState';
import type { Navigate } from '../../shared/useLocationPath';
import { registrationApi, registrationKeys } from '../patients/api';
import { patientName } from '../patients/labels';
import { PatientPicker, type PickedPatient } from '../patients/PatientPicker';
import { billingApi, billingKeys, formatCents, formatRate, type Invoice, type Service } from './api';
import { BillingBreadcrumb } from './labels';

const SAVE_ERRORS = { patient_not_found: msgKey('billing.new.patientNotFound'), service_not_found: msgKey('billing.new.serviceNotFound') };

interface Props {
  slug: string;
  clinicName: string;
  /** From the chart: the patient the invoice is for, fixed. */
  patientId: string | null;
  navigate: Navigate;
  onCreated(invoice: Invoice): void;
  onSessionEnded(): void;
}

interface Line {
  /** The row's own key while the form is open. */
  key: number;
  serviceId: string;
  quantity: string;
}

/** A draft invoice for a patient: lines from the price list and a quantity each; the server works out prices, taxes and totals. */
export function NewInvoicePage({ slug, clinicName, patientId, navigate, onCreated, onSessionEnded }: Props) {
  const { t } = useI18n();
  useDocumentTitle(t('billing.new.pageTitle', { clinic: clinicName }));
  const services = useQuery({ queryKey: billingKeys.services(slug), queryFn: ({ signal }) => billingApi.services(slug, signal) });
  const chart = useQuery({
    queryKey: registrationKeys.patient(slug, patientId ?? ''),
    queryFn: ({ signal }) => registrationApi.patient(slug, patientId!, signal),
    enabled: patientId !== null,
  });
  const fixed = chart.data ? { id: chart.data.id, displayName: patientName(chart.data, t) } : null;
  return (
    <>
      <BillingBreadcrumb slug={slug} navigate={navigate} />
      <h1>{t('billing.new.heading')}</h1>
      <QueryState query={services} onSessionEnded={onSessionEnded}>
        {(loaded) => {
          const active = loaded.items.filter((service) => service.active);
          if (active.length === 0) {
            return <p className="empty">{t('billing.new.noServices')}</p>;
          }
          if (patientId !== null && !fixed) {
            return <QueryState query={chart} onSessionEnded={onSessionEnded}>{() => null}</QueryState>;
          }
          return <InvoiceForm slug={slug} currency={loaded.currency} services={active} patient={fixed} onCreated={onCreated} onSessionEnded={onSessionEnded} />;
        }}
      </QueryState>
    </>
  );
}

function InvoiceForm({
  slug,
  currency,
  services,
  patient,
  onCreated,
  onSessionEnded,
}: {
  slug: string;
  currency: string;
  services: Service[];
  patient: PickedPatient | null;
  onCreated(invoice: Invoice): void;
  onSessionEnded(): void;
}) {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const [picked, setPicked] = useState<PickedPatient | null>(patient);
  const [lines, setLines] = useState<Line[]>([{ key: 1, serviceId: '', quantity: '1' }]);
  const [nextKey, setNextKey] = useState(2);
  const [note, setNote] = useState('');
  const [problems, setProblems] = useState<{ patient?: string; lines: Record<number, { service?: string; quantity?: string }>; note?: string; form?: string }>({
    lines: {},
  });

  const create = useMutation({
    mutationFn: () =>
      billingApi.create(slug, {
        patientId: picked!.id,
        lines: lines.map((line) => ({ serviceId: line.serviceId, quantity: Number(line.quantity) })),
        note: note.trim() ? note.trim() : null,
      }),
    onSuccess: async (invoice) => {
      await queryClient.invalidateQueries({ queryKey: billingKeys.all(slug) });
      onCreated(invoice);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 401) {
        onSessionEnded();
        return;
      }
      const server = fieldErrors(error);
      setProblems({
        lines: {},
        patient: server.patientId ? t('billing.new.patientNotFound') : undefined,
        note: server.note?.join(' '),
        form: server.lines ? t('billing.new.serviceNotFound') : undefined,
      });
    },
  });

  const byId = new Map(services.map((service) => [service.id, service]));
  const name = (service: Service) => (lang === 'fr' ? service.nameFr : service.nameEn);
  const update = (key: number, change: Partial<Line>) => setLines(lines.map((line) => (line.key === key ? { ...line, ...change } : line)));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: typeof problems = { lines: {} };
    if (!picked) {
      found.patient = t('billing.new.patientRequired');
    }
    for (const line of lines) {
      const quantity = Number(line.quantity);
      const service = line.serviceId ? undefined : t('billing.new.serviceRequired');
      const amount = /^\d+$/.test(line.quantity.trim()) && quantity >= 1 && quantity <= 1000 ? undefined : t('billing.new.quantityInvalid');
      if (service || amount) {
        found.lines[line.key] = { service, quantity: amount };
      }
    }
    setProblems(found);
    if (found.patient || Object.keys(found.lines).length > 0) {
      return;
    }
    create.mutate();
  };

  // An estimate as the staff member builds the invoice; the server's own figures are the ones issued.
  const estimate = lines.reduce((sum, line) => {
    const service = byId.get(line.serviceId);
    const quantity = Number(line.quantity);
    if (!service || !Number.isInteger(quantity) || quantity < 1) {
      return sum;
    }
    const amount = service.unitPriceCents * quantity;
    return sum + amount + Math.round((amount * service.taxRateBasisPoints) / 10000);
  }, 0);

  return (
    <form className="patient-form" noValidate onSubmit={submit} aria-label={t('billing.new.heading')}>
      <PatientPicker slug={slug} patient={picked} onChange={setPicked} problem={problems.patient ?? null} fixed={patient !== null} />
      <fieldset>
        <legend>{t('billing.new.lines')}</legend>
        {lines.map((line, index) => {
          const lineProblems = problems.lines[line.key] ?? {};
          const service = byId.get(line.serviceId);
          return (
            <div key={line.key} className="invoice-line" role="group" aria-label={t('billing.new.lineNumber', { number: index + 1 })}>
              <div className="field">
                <label htmlFor={`line-${line.key}-service`}>{t('billing.new.service', { number: index + 1 })}</label>
                <select
                  id={`line-${line.key}-service`}
                  value={line.serviceId}
                  onChange={(event) => update(line.key, { serviceId: event.target.value })}
                  aria-invalid={lineProblems.service ? true : undefined}
                  aria-describedby={describedBy(lineProblems.service && `line-${line.key}-service-error`)}
                >
                  <option value="">{t('billing.new.chooseService')}</option>
                  {services.map((option) => (
                    <option key={option.id} value={option.id}>
                      {t('billing.new.serviceOption', {
                        code: option.code,
                        name: name(option),
                        price: formatCents(option.unitPriceCents, currency, lang),
                        tax: formatRate(option.taxRateBasisPoints, lang),
                      })}
                    </option>
                  ))}
                </select>
                <FieldError id={`line-${line.key}-service-error`} message={lineProblems.service ?? null} />
              </div>
              <div className="field">
                <label htmlFor={`line-${line.key}-quantity`}>{t('billing.new.quantity', { number: index + 1 })}</label>
                <input
                  id={`line-${line.key}-quantity`}
                  inputMode="numeric"
                  size={5}
                  value={line.quantity}
                  onChange={(event) => update(line.key, { quantity: event.target.value })}
                  aria-invalid={lineProblems.quantity ? true : undefined}
                  aria-describedby={describedBy(lineProblems.quantity && `line-${line.key}-quantity-error`)}
                />
                <FieldError id={`line-${line.key}-quantity-error`} message={lineProblems.quantity ?? null} />
              </div>
              {service && <p className="help">{t('billing.new.linePrice', { price: formatCents(service.unitPriceCents, currency, lang) })}</p>}
              {lines.length > 1 && (
                <p>
                  <button type="button" className="secondary" onClick={() => setLines(lines.filter((other) => other.key !== line.key))}>
                    {t('billing.new.removeLine', { number: index + 1 })}
                  </button>
                </p>
              )}
            </div>
          );
        })}
        {lines.length < 100 && (
          <p>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setLines([...lines, { key: nextKey, serviceId: '', quantity: '1' }]);
                setNextKey(nextKey + 1);
              }}
            >
              {t('billing.new.addLine')}
            </button>
          </p>
        )}
      </fieldset>
      <div className="field">
        <label htmlFor="invoice-note">{t('billing.new.note')}</label>
        <p className="help" id="invoice-note-help">
          {t('billing.new.noteHelp')}
        </p>
        <textarea
          id="invoice-note"
          rows={3}
          maxLength={1000}
          value={note}
          onChange={(event) => setNote(event.target.value)}
          aria-invalid={problems.note ? true : undefined}
          aria-describedby={describedBy('invoice-note-help', problems.note && 'invoice-note-error')}
        />
        <FieldError id="invoice-note-error" message={problems.note ?? null} />
      </div>
      <p aria-live="polite">{t('billing.new.estimate', { total: formatCents(estimate, currency, lang) })}</p>
      {(problems.form || (create.isError && !(create.error instanceof ApiError && create.error.status === 400))) && (
        <div role="alert" className="message error">
          <p>{problems.form ?? errorMessage(create.error, t, SAVE_ERRORS)}</p>
        </div>
      )}
      <div className="form-actions">
        <button type="submit" disabled={create.isPending}>
          {create.isPending ? t('billing.saving') : t('billing.new.save')}
        </button>
      </div>
    </form>
  );
}
