import { useMutation } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { ApiError } from '../../shared/api';
import { errorMessage, fieldMessages, type CodeMessages } from '../../shared/errors';
import { FieldError, describedBy } from '../../shared/FieldError';
import { useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey, type Translate } from '../../shared/i18n/translate';
import { FIELD_CODE_KEYS } from '../patients/labels';
import { DURATION_UNITS, type DurationInput, type DurationUnit } from './setupForms';

/** Words for the codes the set-up endpoints answer, in the alert above a form. */
export const SAVE_ERRORS: CodeMessages = {
  validation_failed: msgKey('apptSetup.error.fields'),
  forbidden: msgKey('apptSetup.readOnly'),
  staff_account_taken: msgKey('apptSetup.error.staffAccountTaken'),
  provider_not_found: msgKey('apptSetup.error.providerNotFound'),
  location_not_found: msgKey('apptSetup.error.locationNotFound'),
  appointment_type_not_found: msgKey('apptSetup.error.typeNotFound'),
  exception_not_found: msgKey('apptSetup.error.exceptionNotFound'),
};

export const LOAD_ERRORS: CodeMessages = { forbidden: msgKey('admin.forbidden'), provider_not_found: msgKey('apptSetup.error.providerNotFound') };

/** Words for the codes the server puts on fields. */
const FIELD_CODES: CodeMessages = {
  ...FIELD_CODE_KEYS,
  provider_not_found: msgKey('apptSetup.fieldCode.provider_not_found'),
  location_not_found: msgKey('apptSetup.error.locationRequired'),
  staff_not_found: msgKey('apptSetup.fieldCode.staff_not_found'),
  windows_overlap: msgKey('apptSetup.error.windowsOverlap'),
  notice_beyond_ahead: msgKey('apptSetup.error.noticeBeyondAhead'),
};

/**
 * The server's field problems by the body's top-level field ("windows[2].end" -> "windows"), in the reader's words.
 * A staff_account_taken conflict belongs to the staff account field.
 */
export function serverFieldProblems(error: unknown, t: Translate): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [path, messages] of Object.entries(fieldMessages(error, t, FIELD_CODES))) {
    const base = path.replace(/\[\d+\].*$/, '').split('.')[0] ?? path;
    const key = base.charAt(0).toLowerCase() + base.slice(1);
    result[key] = [...new Set([...(result[key] ?? []), ...messages])];
  }
  if (error instanceof ApiError && error.code === 'staff_account_taken') {
    result.staffAccountId = [t('apptSetup.error.staffAccountTaken')];
  }
  return result;
}

/** The message next to a field: the page's own problem, then the server's on the same field. */
export function problemText(t: Translate, local: string | undefined, server: readonly string[] | undefined): string | null {
  const messages = [...(local ? [t(local)] : []), ...(server ?? [])];
  return messages.length > 0 ? [...new Set(messages)].join(' ') : null;
}

/** A save through TanStack Query: a 401 ends the session, any other failure is kept for the form to show. */
export function useSetupSave<TSent, TResult>(run: (sent: TSent) => Promise<TResult>, onSaved: (saved: TResult, sent: TSent) => void, onSessionEnded: () => void) {
  const [error, setError] = useState<unknown>(null);
  const mutation = useMutation({
    mutationFn: run,
    onMutate: () => setError(null),
    onSuccess: (saved, sent) => onSaved(saved, sent),
    onError: (caught) => {
      if (caught instanceof ApiError && caught.status === 401) {
        onSessionEnded();
      } else {
        setError(caught);
      }
    },
  });
  return { save: mutation.mutate, saving: mutation.isPending, error, clearError: () => setError(null) };
}

/** Settings > Appointments: the breadcrumb and the page's heading. */
export function SetupHeading({ title }: { title: string }) {
  const { t } = useI18n();
  return (
    <>
      <p className="breadcrumb">
        {t('admin.nav.settings')} › {t('apptSetup.nav.section')}
      </p>
      <h1>{title}</h1>
    </>
  );
}

/** The saved message (role=status) and the refusal (role=alert) under a form. */
export function SaveOutcome({ saving, saved, error, notSaved }: { saving: boolean; saved: string | null; error: unknown; notSaved: string }) {
  const { t } = useI18n();
  return (
    <>
      <div role="status" className="status-region">
        {saving ? <p>{t('apptSetup.saving')}</p> : saved ? <p className="message success">{saved}</p> : null}
      </div>
      {error !== null && (
        <div role="alert" className="message error">
          <p>
            <strong>{notSaved}</strong> {errorMessage(error, t, SAVE_ERRORS)}
          </p>
        </div>
      )}
    </>
  );
}

interface TextFieldProps {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  problem: string | null;
  help?: string;
  maxLength?: number;
  lang?: string;
  required?: boolean;
  type?: 'text' | 'number' | 'date' | 'time';
  multiline?: boolean;
  disabled?: boolean;
  className?: string;
}

/** A labelled box with its help and its problem, tied to it for screen readers. */
export function TextField({ id, label, value, onChange, problem, help, maxLength, lang, required, type = 'text', multiline, disabled, className }: TextFieldProps) {
  const props = {
    id,
    lang,
    value,
    maxLength,
    required,
    disabled,
    onChange: (event: { target: { value: string } }) => onChange(event.target.value),
    'aria-invalid': problem ? true : undefined,
    'aria-describedby': describedBy(help && `${id}-help`, problem && `${id}-error`),
  };
  return (
    <div className={className ?? 'field'}>
      <label htmlFor={id}>{label}</label>
      {help && (
        <p className="help" id={`${id}-help`}>
          {help}
        </p>
      )}
      {multiline ? (
        <textarea rows={3} {...props} />
      ) : (
        <input type={type} autoComplete="off" inputMode={type === 'number' ? 'numeric' : undefined} min={type === 'number' ? 0 : undefined} {...props} />
      )}
      <FieldError id={`${id}-error`} message={problem} />
    </div>
  );
}

const UNIT_LABELS: Record<DurationUnit, string> = {
  minutes: msgKey('apptSetup.unit.minutes'),
  hours: msgKey('apptSetup.unit.hours'),
  days: msgKey('apptSetup.unit.days'),
};

interface DurationFieldProps {
  id: string;
  label: string;
  value: DurationInput;
  onChange(value: DurationInput): void;
  problem: string | null;
  help?: string;
  units?: readonly DurationUnit[];
  disabled?: boolean;
  /** Extra words after the unit ("before the appointment"). */
  after?: ReactNode;
}

/** A length of time as an amount and a unit (minutes, hours, days); the page turns it into the minutes the API takes. */
export function DurationField({ id, label, value, onChange, problem, help, units = DURATION_UNITS, disabled, after }: DurationFieldProps) {
  const { t } = useI18n();
  const described = describedBy(help && `${id}-help`, problem && `${id}-error`);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {help && (
        <p className="help" id={`${id}-help`}>
          {help}
        </p>
      )}
      <div className="duration-inputs">
        <input
          id={id}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          size={6}
          value={value.amount}
          disabled={disabled}
          onChange={(event) => onChange({ ...value, amount: event.target.value })}
          aria-invalid={problem ? true : undefined}
          aria-describedby={described}
        />
        <label className="visually-hidden" htmlFor={`${id}-unit`}>
          {t('apptSetup.unit.label', { field: label })}
        </label>
        <select id={`${id}-unit`} value={value.unit} disabled={disabled} onChange={(event) => onChange({ ...value, unit: event.target.value as DurationUnit })}>
          {units.map((unit) => (
            <option key={unit} value={unit}>
              {t(UNIT_LABELS[unit])}
            </option>
          ))}
        </select>
        {after}
      </div>
      <FieldError id={`${id}-error`} message={problem} />
    </div>
  );
}

/** Active ones first, then by name, as the server lists them. */
export function byActiveThenName<T extends { active: boolean; name?: string; nameEn?: string }>(items: T[]): T[] {
  const name = (item: T) => item.name ?? item.nameEn ?? '';
  return [...items].sort((a, b) => Number(b.active) - Number(a.active) || name(a).localeCompare(name(b)));
}
