import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../shared/api';
import { errorMessage, fieldErrors } from '../../shared/errors';
import { useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey } from '../../shared/i18n/translate';
import { QueryState } from '../../shared/QueryState';
import { SelectField } from '../SelectField';
import { billingApi, billingKeys, currencyName, type BillingSettings } from './api';

const SAVE_ERRORS = { forbidden: msgKey('billing.currency.forbidden') };

interface Props {
  slug: string;
  canManage: boolean;
  onSessionEnded(): void;
}

/**
 * The clinic's billing currency, above its price list: the price list and new invoices use it, invoices already made keep theirs.
 * Owners and admins choose it; other staff read it.
 */
export function CurrencySection({ slug, canManage, onSessionEnded }: Props) {
  const { t } = useI18n();
  const settings = useQuery({ queryKey: billingKeys.settings(slug), queryFn: ({ signal }) => billingApi.settings(slug, signal) });
  return (
    <section className="form-section" aria-labelledby="billing-currency-heading">
      <h2 id="billing-currency-heading">{t('billing.currency.heading')}</h2>
      <QueryState query={settings} onSessionEnded={onSessionEnded}>
        {(loaded) =>
          canManage ? <CurrencyForm slug={slug} settings={loaded} onSessionEnded={onSessionEnded} /> : <CurrentCurrency currency={loaded.currency} />
        }
      </QueryState>
    </section>
  );
}

function CurrentCurrency({ currency }: { currency: string }) {
  const { t, lang } = useI18n();
  return <p>{t('billing.currency.current', { currency: t('billing.currency.option', { name: currencyName(currency, lang), code: currency.toUpperCase() }) })}</p>;
}

function CurrencyForm({ slug, settings, onSessionEnded }: { slug: string; settings: BillingSettings; onSessionEnded(): void }) {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const [currency, setCurrency] = useState(settings.currency);
  const [done, setDone] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (chosen: string) => billingApi.saveSettings(slug, chosen),
    onSuccess: async (saved) => {
      // The price list shows its prices in the clinic's currency: read it again with the new one.
      await queryClient.invalidateQueries({ queryKey: billingKeys.all(slug) });
      setDone(t('billing.currency.saved', { currency: t('billing.currency.option', { name: currencyName(saved.currency, lang), code: saved.currency.toUpperCase() }) }));
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 401) {
        onSessionEnded();
      }
    },
  });
  const problem = save.isError ? (fieldErrors(save.error).currency?.join(' ') ?? null) : null;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setDone(null);
    save.mutate(currency);
  };
  const options = settings.currencies.map((code) => ({
    id: code,
    label: t('billing.currency.option', { name: currencyName(code, lang), code: code.toUpperCase() }),
  }));
  return (
    <form noValidate onSubmit={submit}>
      {save.isError && !problem && !(save.error instanceof ApiError && save.error.status === 401) && (
        <div role="alert" className="message error">
          <p>{errorMessage(save.error, t, SAVE_ERRORS)}</p>
        </div>
      )}
      <SelectField
        id="billing-currency"
        label={t('billing.currency.field')}
        value={currency}
        onChange={(next) => {
          setCurrency(next);
          setDone(null);
        }}
        problem={problem}
        options={options}
        help={t('billing.currency.help')}
      />
      <div className="form-actions">
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? t('billing.saving') : t('billing.currency.save')}
        </button>
      </div>
      <div role="status" className="status-region">
        {done && (
          <div className="message success">
            <p>{done}</p>
          </div>
        )}
      </div>
    </form>
  );
}
