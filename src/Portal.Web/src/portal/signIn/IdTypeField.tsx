import { FieldError, describedBy } from '../../shared/FieldError';
import { useI18n } from '../../shared/i18n/I18nProvider';
import type { IdTypeOption } from './signInForm';

interface Props {
  id: string;
  value: string;
  onChange(value: string): void;
  problem: string | null | undefined;
  healthCards: IdTypeOption[];
  clinicTypes: IdTypeOption[];
}

/**
 * The ID type a patient identifies with: the health cards, then the clinic's own types when it has
 * any. A chosen value no longer offered (the clinic changed its types) stays shown rather than lost.
 */
export function IdTypeField({ id, value, onChange, problem, healthCards, clinicTypes }: Props) {
  const { t } = useI18n();
  const chosenMissing = value !== '' && ![...healthCards, ...clinicTypes].some((option) => option.code === value);
  return (
    <div className="field">
      <label htmlFor={id}>{t('portal.signIn.idType')}</label>
      <select
        id={id}
        name="idType"
        required
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={problem ? true : undefined}
        aria-describedby={describedBy(problem && `${id}-error`)}
      >
        <option value="">{t('portal.signIn.idType.choose')}</option>
        <IdTypeGroup label={t('portal.signIn.idType.healthCards')} options={healthCards} />
        {clinicTypes.length > 0 && <IdTypeGroup label={t('portal.signIn.idType.clinicTypes')} options={clinicTypes} />}
        {chosenMissing && <option value={value}>{value}</option>}
      </select>
      <FieldError id={`${id}-error`} message={problem ?? null} />
    </div>
  );
}

function IdTypeGroup({ label, options }: { label: string; options: IdTypeOption[] }) {
  return (
    <optgroup label={label}>
      {options.map((option) => (
        <option key={option.code} value={option.code}>
          {option.name}
        </option>
      ))}
    </optgroup>
  );
}
