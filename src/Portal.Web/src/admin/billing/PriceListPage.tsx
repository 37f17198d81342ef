import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../shared/api';
import { errorMessage, fieldErrors } from '../../shared/errors';
import { describedBy, FieldError } from '../../shared/FieldError';
import { useDocumentTitle, useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey } from '../../shared/i18n/translate';
import { QueryState } from '../../shared/QueryState';
import type { Navigate } from '../../shared/useLocationPath';
import { DataTable } from '../DataTable';
import { FieldLabel } from '../FieldLabel';
import { CurrencySection } from './CurrencySection';
import { BillingBreadcrumb } from './labels';
import { billingApi, billingKeys, centsAsInput, formatCents, formatRate, parseCents, parseRate, rateAsInput, type Service, type ServiceBody } from './api';

const SAVE_ERRORS = { service_code_taken: msgKey('billing.services.codeTaken'), forbidden: msgKey('billing.services.forbidden') };

interface Props {
  slug: string;
  clinicName: string;
  canManage: boolean;
  navigate: Navigate;
  onSessionEnded(): void;
}

interface Form {
  /** The service changed, or null for a new one. */
  id: string | null;
  code: string;
  nameEn: string;
  nameFr: string;
  price: string;
  rate: string;
  active: boolean;
}

type Problems = Partial<Record<'code' | 'nameEn' | 'nameFr' | 'price' | 'rate', string>>;

const EMPTY: Form = { id: null, code: '', nameEn: '', nameFr: '', price: '', rate: '0', active: true };

/** The clinic's price list of uninsured services: everyone reads it, owners and admins add and change services. */
export function PriceListPage({ slug, clinicName, canManage, navigate, onSessionEnded }: Props) {
  const { t, lang } = useI18n();
  useDocumentTitle(t('billing.services.pageTitle', { clinic: clinicName }));
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: billingKeys.services(slug), queryFn: ({ signal }) => billingApi.services(slug, signal) });
  const [form, setForm] = useState<Form | null>(null);
  const [problems, setProblems] = useState<Problems>({});
  const [done, setDone] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const currencyCode = (list.data?.currency ?? 'cad').toUpperCase();
  const formHeading = useRef<HTMLHeadingElement>(null);

  const save = useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: ServiceBody }) =>
      id ? billingApi.updateService(slug, id, body) : billingApi.createService(slug, body),
    onSuccess: async (saved, { id }) => {
      await queryClient.invalidateQueries({ queryKey: billingKeys.services(slug) });
      setForm(null);
      setDone(t(id ? 'billing.services.saved' : 'billing.services.added', { code: saved.code }));
      heading.current?.focus();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 401) {
        onSessionEnded();
        return;
      }
      const server = fieldErrors(error);
      setProblems({
        code: server.code?.join(' '),
        nameEn: server.nameEn?.join(' '),
        nameFr: server.nameFr?.join(' '),
        price: server.unitPriceCents?.join(' '),
        rate: server.taxRateBasisPoints?.join(' '),
      });
    },
  });

  const open = (next: Form) => {
    save.reset();
    setProblems({});
    setDone(null);
    setForm(next);
    // The form appears below the table: take the reader there.
    requestAnimationFrame(() => formHeading.current?.focus());
  };

  const edit = (service: Service) =>
    open({
      id: service.id,
      code: service.code,
      nameEn: service.nameEn,
      nameFr: service.nameFr,
      price: centsAsInput(service.unitPriceCents, lang),
      rate: rateAsInput(service.taxRateBasisPoints, lang),
      active: service.active,
    });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!form) {
      return;
    }
    const cents = parseCents(form.price);
    const rate = parseRate(form.rate);
    const found: Problems = {
      code: form.code.trim() ? undefined : t('billing.services.codeRequired'),
      nameEn: form.nameEn.trim() ? undefined : t('billing.services.nameRequired'),
      nameFr: form.nameFr.trim() ? undefined : t('billing.services.nameRequired'),
      price: cents === null ? t('billing.services.priceInvalid', { currency: currencyCode }) : undefined,
      rate: rate === null ? t('billing.services.rateInvalid') : undefined,
    };
    setProblems(found);
    if (Object.values(found).some(Boolean) || cents === null || rate === null) {
      return;
    }
    save.mutate({
      id: form.id,
      body: { code: form.code.trim(), nameEn: form.nameEn.trim(), nameFr: form.nameFr.trim(), unitPriceCents: cents, taxRateBasisPoints: rate, active: form.active },
    });
  };

  const field = (name: keyof Problems, label: string, value: string, onChange: (value: string) => void, help?: string, inputMode?: 'decimal') => (
    <div className="field">
      <FieldLabel id={`service-${name}`} label={label} help={help} />
      <input
        id={`service-${name}`}
        value={value}
        inputMode={inputMode}
        autoComplete="off"
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={problems[name] ? true : undefined}
        aria-describedby={describedBy(help && `service-${name}-help`, problems[name] && `service-${name}-error`)}
      />
      <FieldError id={`service-${name}-error`} message={problems[name] ?? null} />
    </div>
  );

  return (
    <>
      <BillingBreadcrumb slug={slug} navigate={navigate} />
      <div className="page-heading">
        <h1 ref={heading} tabIndex={-1}>
          {t('billing.services.heading')}
        </h1>
        {canManage && (
          <p className="page-heading-actions">
            <button type="button" onClick={() => open(EMPTY)} aria-expanded={form !== null && form.id === null}>
              {t('billing.services.add')}
            </button>
          </p>
        )}
      </div>
      <p className="help">{canManage ? t('billing.services.intro') : t('billing.services.readOnly')}</p>
      <div role="status" className="status-region">
        {done && (
          <div className="message success">
            <p>{done}</p>
          </div>
        )}
      </div>
      <CurrencySection slug={slug} canManage={canManage} onSessionEnded={onSessionEnded} />
      <h2 id="services-list" className="visually-hidden">
        {t('billing.services.heading')}
      </h2>
      <QueryState query={list} onSessionEnded={onSessionEnded} isEmpty={(loaded) => loaded.items.length === 0} empty={t('billing.services.empty')}>
        {(loaded) => (
          <DataTable labelledBy="services-list">
            <thead>
              <tr>
                <th scope="col">{t('billing.services.code')}</th>
                <th scope="col">{t('billing.services.nameEn')}</th>
                <th scope="col">{t('billing.services.nameFr')}</th>
                <th scope="col">{t('billing.services.price')}</th>
                <th scope="col">{t('billing.services.rate')}</th>
                <th scope="col">{t('billing.services.state')}</th>
                {canManage && <th scope="col">{t('billing.services.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {loaded.items.map((service) => (
                <tr key={service.id}>
                  <th scope="row">{service.code}</th>
                  <td lang="en">{service.nameEn}</td>
                  <td lang="fr">{service.nameFr}</td>
                  <td className="nowrap">{formatCents(service.unitPriceCents, loaded.currency, lang)}</td>
                  <td className="nowrap">{formatRate(service.taxRateBasisPoints, lang)}</td>
                  <td>{service.active ? t('billing.services.active') : t('billing.services.inactive')}</td>
                  {canManage && (
                    <td>
                      <button type="button" className="secondary" onClick={() => edit(service)} aria-label={t('billing.services.editNamed', { code: service.code })}>
                        {t('billing.services.edit')}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </DataTable>
        )}
      </QueryState>

      {form && (
        <form className="form-section" noValidate onSubmit={submit} aria-labelledby="service-form-heading">
          <h2 id="service-form-heading" ref={formHeading} tabIndex={-1}>
            {form.id ? t('billing.services.editHeading', { code: form.code }) : t('billing.services.addHeading')}
          </h2>
          {save.isError && !(save.error instanceof ApiError && save.error.status === 400) && (
            <div role="alert" className="message error">
              <p>{errorMessage(save.error, t, SAVE_ERRORS)}</p>
            </div>
          )}
          {field('code', t('billing.services.code'), form.code, (code) => setForm({ ...form, code }), t('billing.services.codeHelp'))}
          {field('nameEn', t('billing.services.nameEn'), form.nameEn, (nameEn) => setForm({ ...form, nameEn }))}
          {field('nameFr', t('billing.services.nameFr'), form.nameFr, (nameFr) => setForm({ ...form, nameFr }))}
          {field('price', t('billing.services.priceField', { currency: currencyCode }), form.price, (price) => setForm({ ...form, price }), t('billing.services.priceHelp'), 'decimal')}
          {field('rate', t('billing.services.rateField'), form.rate, (rate) => setForm({ ...form, rate }), t('billing.services.rateHelp'), 'decimal')}
          <div className="field check">
            <input id="service-active" type="checkbox" checked={form.active} onChange={(event) => setForm({ ...form, active: event.target.checked })} />
            <label htmlFor="service-active">{t('billing.services.activeField')}</label>
          </div>
          <div className="form-actions">
            <button type="submit" disabled={save.isPending}>
              {save.isPending ? t('billing.saving') : t('billing.services.save')}
            </button>{' '}
            <button type="button" className="secondary" onClick={() => setForm(null)}>
              {t('billing.cancel')}
            </button>
          </div>
        </form>
      )}
    </>
  );
}
