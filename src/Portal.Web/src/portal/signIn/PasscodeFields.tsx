import { CheckField } from '../../shared/CheckField';
import { FieldError, describedBy } from '../../shared/FieldError';
import { useI18n } from '../../shared/i18n/I18nProvider';

interface PasscodeFieldProps {
  id: string;
  value: string;
  onChange(value: string): void;
  /** The field's problem, already in words; null when there is none. */
  problem: string | null;
  /** What else describes the field (the sentence saying where the passcode went), when there is no problem to read instead. */
  hint?: string;
}

/** The one-time passcode, as typed from an email or an SMS: digits, offered by the phone's keyboard and autofill. */
export function PasscodeField({ id, value, onChange, problem, hint }: PasscodeFieldProps) {
  const { t } = useI18n();
  return (
    <div className="field">
      <label htmlFor={id}>{t('portal.passcode.label')}</label>
      <input
        id={id}
        className="portal-passcode"
        name="passcode"
        type="text"
        inputMode="numeric"
        autoComplete="one-time-code"
        spellCheck={false}
        maxLength={20}
        required
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-error` : describedBy(hint)}
      />
      <FieldError id={`${id}-error`} message={problem} />
    </div>
  );
}

interface StayLoggedInFieldProps {
  id: string;
  checked: boolean;
  onChange(checked: boolean): void;
}

/** "Stay logged in" (I5) with the sentence that says what it does. */
export function StayLoggedInField({ id, checked, onChange }: StayLoggedInFieldProps) {
  const { t } = useI18n();
  return (
    <CheckField
      id={id}
      name="stayLoggedIn"
      label={t('portal.passcode.stayLoggedIn')}
      help={t('portal.passcode.stayLoggedIn.help')}
      checked={checked}
      onChange={onChange}
    />
  );
}

/** The passcode form's submit button, with "Checking the passcode…" announced while it is checked. */
export function PasscodeSubmit({ busy, label }: { busy: boolean; label: string }) {
  const { t } = useI18n();
  return (
    <>
      <div role="status" className="status-region">
        {busy ? <p>{t('portal.passcode.busy')}</p> : null}
      </div>
      <div className="form-actions">
        <button type="submit" aria-disabled={busy ? true : undefined}>
          {label}
        </button>
      </div>
    </>
  );
}
