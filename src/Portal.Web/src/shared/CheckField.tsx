import type { ReactNode } from 'react';
import { FieldError, describedBy } from './FieldError';

interface Props {
  id: string;
  name?: string;
  label: ReactNode;
  /** The sentence under the box saying what ticking it does. */
  help: ReactNode;
  checked: boolean;
  disabled?: boolean;
  /** The field's problem, already in words; null or absent when there is none. */
  error?: string | null;
  onChange(checked: boolean): void;
}

/** One checkbox with its label, its help sentence and its error, each tied to the box for screen readers. */
export function CheckField({ id, name, label, help, checked, disabled, error = null, onChange }: Props) {
  return (
    <div className="field">
      <div className="check">
        <input
          type="checkbox"
          id={id}
          name={name}
          checked={checked}
          disabled={disabled}
          onChange={(event) => onChange(event.target.checked)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(`${id}-help`, error && `${id}-error`)}
        />
        <label htmlFor={id}>{label}</label>
      </div>
      <p className="help" id={`${id}-help`}>
        {help}
      </p>
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}
