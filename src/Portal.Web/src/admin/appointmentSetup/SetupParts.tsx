import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Fragment, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from '../../shared/api';
import { errorMessage, fieldMessages, type CodeMessages } from '../../shared/errors';
import { FieldError, describedBy } from '../../shared/FieldError';
import { FieldLabel } from '../FieldLabel';
import { useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey, type Translate } from '../../shared/i18n/translate';
import { FIELD_CODE_KEYS } from '../patients/labels';
import { DURATION_UNITS, type DurationInput, type DurationUnit, type Problems } from './setupForms';
import { DataTable } from '../DataTable';

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
      <FieldLabel id={id} label={label} help={help} />
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
      <FieldLabel id={id} label={label} help={help} />
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

interface EditorOptions<TForm, TField extends string, TBody, TResult> {
  /** The ids' stem: a field's box is `${prefix}-${field}`. */
  prefix: string;
  initial: TForm;
  check(form: TForm): Problems<TField>;
  /** The fields in the order they appear, to move to the first one with a problem. */
  order: readonly TField[];
  toBody(form: TForm): TBody;
  run(body: TBody): Promise<TResult>;
  onSaved(saved: TResult): void;
  onSessionEnded(): void;
}

/** An add or edit form for a set-up resource: its values, the page's own checks, the save, and the server's field problems. */
export function useSetupEditor<TForm, TField extends string, TBody, TResult>({ prefix, initial, check, order, toBody, run, onSaved, onSessionEnded }: EditorOptions<TForm, TField, TBody, TResult>) {
  const { t } = useI18n();
  const [form, setForm] = useState<TForm>(initial);
  const [local, setLocal] = useState<Problems<TField>>({});
  const { save, saving, error } = useSetupSave(
    run,
    (saved) => {
      onSaved(saved);
      setForm(initial);
    },
    onSessionEnded,
  );
  const server = serverFieldProblems(error, t);
  const set = <K extends keyof TForm>(field: K, value: TForm[K]) => setForm((current) => ({ ...current, [field]: value }));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (saving) {
      return;
    }
    const problems = check(form);
    setLocal(problems);
    const first = order.find((field) => problems[field]);
    if (first) {
      document.getElementById(`${prefix}-${first}`)?.focus();
      return;
    }
    save(toBody(form));
  };

  /** The message next to a field; the server may name it differently (durationMinutes for duration). */
  const problem = (field: TField, serverField: string = field) => problemText(t, local[field], server[serverField]);
  return { form, set, server, saving, error, submit, problem };
}

/** The end of a set-up form: what became of the save, then the submit button and, when editing, Cancel. */
export function SetupFormEnd({ saving, error, notSaved, submitLabel, onCancel }: { saving: boolean; error: unknown; notSaved: string; submitLabel: string; onCancel?: () => void }) {
  const { t } = useI18n();
  return (
    <>
      <SaveOutcome saving={saving} saved={null} error={error} notSaved={notSaved} />
      <div className="form-actions">
        <button type="submit" aria-disabled={saving ? true : undefined}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel}>
            {t('apptSetup.cancel')}
          </button>
        )}
      </div>
    </>
  );
}

/** The end of a settings form saved as a whole: the submit button for those who may change it, then what became of the save. */
export function SettingsFormEnd({ canManage, saving, saved, error, submitLabel, notSaved }: { canManage: boolean; saving: boolean; saved: string | null; error: unknown; submitLabel: string; notSaved: string }) {
  return (
    <>
      {canManage && (
        <div className="form-actions">
          <button type="submit" aria-disabled={saving ? true : undefined}>
            {submitLabel}
          </button>
        </div>
      )}
      <SaveOutcome saving={saving} saved={saved} error={error} notSaved={notSaved} />
    </>
  );
}

interface RadioChoice {
  id: string;
  label: string;
  checked: boolean;
  onSelect(): void;
}

/** Radio buttons under their legend; children (a field problem) go after them. */
export function RadioGroup({ name, legend, choices, children }: { name: string; legend: string; choices: readonly RadioChoice[]; children?: ReactNode }) {
  return (
    <fieldset className="setting">
      <legend className="setting-label">{legend}</legend>
      {choices.map((choice) => (
        <div className="check" key={choice.id}>
          <input type="radio" id={choice.id} name={name} checked={choice.checked} onChange={() => choice.onSelect()} />
          <label htmlFor={choice.id}>{choice.label}</label>
        </div>
      ))}
      {children}
    </fieldset>
  );
}

interface Listed {
  id: string;
  active: boolean;
  name?: string;
  nameEn?: string;
}

/** The state of a set-up list page: which item is being edited, the last saved message, and the cached list kept in order. */
export function useSetupResource<T extends Listed>(queryKey: readonly unknown[]) {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<string | null>(null);
  const [statusText, setStatusText] = useState<string | null>(null);
  const editHeading = useRef<HTMLHeadingElement>(null);
  const [focusEdit, setFocusEdit] = useState(0);

  useEffect(() => {
    if (focusEdit > 0) {
      editHeading.current?.focus();
    }
  }, [focusEdit]);

  const replace = (saved: T) =>
    queryClient.setQueryData<{ items: T[] }>(queryKey, (current) => ({
      items: byActiveThenName([...(current?.items ?? []).filter((item) => item.id !== saved.id), saved]),
    }));
  const startEdit = (id: string) => {
    setEditing(id);
    setStatusText(null);
    setFocusEdit((count) => count + 1);
  };
  return { editing, setEditing, statusText, setStatusText, editHeading, replace, startEdit };
}

export interface ResourceEditorProps<T> {
  prefix: string;
  /** The item being edited, or null when adding. */
  item: T | null;
  submitLabel: string;
  onSaved(saved: T): void;
  onCancel?: () => void;
}

interface ResourceListProps<T extends Listed> {
  resource: ReturnType<typeof useSetupResource<T>>;
  items: T[];
  canManage: boolean;
  /** The messages' group: apptSetup.<messages>.list, .empty, .edit, .editHeading, .save, .saved, .addHeading, .add, .added. */
  messages: string;
  /** The ids' stem: <idStem>-edit-heading, <idStem>-add. */
  idStem: string;
  name(item: T): string;
  /** The column headings, the name first; the state and actions columns follow. */
  columns: readonly string[];
  /** The cells after the name, one per column heading. */
  cells(item: T): ReactNode;
  /** Links in the actions column, shown to everyone. */
  links?(item: T): ReactNode;
  editor(props: ResourceEditorProps<T>): ReactNode;
}

/** A set-up list (table with an edit button per row), the edit form for the chosen row, and the add form. */
export function SetupResourceList<T extends Listed>({ resource, items, canManage, messages, idStem, name, columns, cells, links, editor }: ResourceListProps<T>) {
  const { t } = useI18n();
  const { editing, setEditing, statusText, setStatusText, editHeading, replace, startEdit } = resource;
  const editingItem = editing ? (items.find((item) => item.id === editing) ?? null) : null;
  const listId = `${messages}-list`;
  const withActions = canManage || links !== undefined;
  return (
    <>
      <h2 id={listId}>{t(`apptSetup.${messages}.list`)}</h2>
      <div role="status" className="status-region">
        {statusText && <p className="message success">{statusText}</p>}
      </div>
      {items.length === 0 ? (
        <p>{t(`apptSetup.${messages}.empty`)}</p>
      ) : (
        <DataTable labelledBy={listId}>
          <thead>
            <tr>
              {columns.map((column, index) => (
                <th scope="col" key={index}>
                  {column}
                </th>
              ))}
              <th scope="col">{t('apptSetup.column.state')}</th>
              {withActions && <th scope="col">{t('apptSetup.column.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id}>
                <th scope="row">{name(item)}</th>
                {cells(item)}
                <td>{item.active ? t('apptSetup.active') : t('apptSetup.inactive')}</td>
                {withActions && (
                  <td>
                    {links?.(item)}
                    {canManage && (
                      <>
                        {links && ' '}
                        <button type="button" className="secondary" onClick={() => startEdit(item.id)}>
                          {t(`apptSetup.${messages}.edit`, { name: name(item) })}
                        </button>
                      </>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
                </DataTable>
      )}

      {canManage && editingItem && (
        <section className="settings-form" aria-labelledby={`${idStem}-edit-heading`}>
          <h2 id={`${idStem}-edit-heading`} tabIndex={-1} ref={editHeading}>
            {t(`apptSetup.${messages}.editHeading`, { name: name(editingItem) })}
          </h2>
          <Fragment key={editingItem.id}>
            {editor({
              prefix: `${idStem}-edit`,
              item: editingItem,
              submitLabel: t(`apptSetup.${messages}.save`),
              onSaved: (saved) => {
                replace(saved);
                setEditing(null);
                setStatusText(t(`apptSetup.${messages}.saved`, { name: name(saved) }));
              },
              onCancel: () => setEditing(null),
            })}
          </Fragment>
        </section>
      )}

      {canManage && (
        <section className="settings-form" aria-labelledby={`${idStem}-add-heading`}>
          <h2 id={`${idStem}-add-heading`}>{t(`apptSetup.${messages}.addHeading`)}</h2>
          {editor({
            prefix: `${idStem}-add`,
            item: null,
            submitLabel: t(`apptSetup.${messages}.add`),
            onSaved: (saved) => {
              replace(saved);
              setStatusText(t(`apptSetup.${messages}.added`, { name: name(saved) }));
            },
          })}
        </section>
      )}
    </>
  );
}
