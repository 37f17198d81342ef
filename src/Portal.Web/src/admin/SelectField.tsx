import { FieldLabel } from './FieldLabel';
import { FieldError, describedBy } from '../shared/FieldError';

interface SelectFieldProps {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  problem: string | null;
  /** The first choice, for none (its value is ""). */
  placeholder?: string;
  options: readonly { id: string; label: string }[];
  help?: string;
  disabled?: boolean;
}

/** A labelled list of choices with its help and its problem, tied to it for screen readers. */
export function SelectField({ id, label, value, onChange, problem, placeholder, options, help, disabled }: SelectFieldProps) {
  return (
    <div className="field">
      <FieldLabel id={id} label={label} help={help} />
      <select
        id={id}
        value={value}
        disabled={disabled}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={problem ? true : undefined}
        aria-describedby={describedBy(help && `${id}-help`, problem && `${id}-error`)}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((option) => (
          <option key={option.id} value={option.id}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldError id={`${id}-error`} message={problem} />
    </div>
  );
}
