import { useId } from 'react';
import { describedBy, FieldError } from '../FieldError';
import { useI18n } from '../i18n/I18nProvider';
import {
  enabledItems,
  isTotalScore,
  options,
  sameCode,
  totalScore,
  type Answer,
  type Answers,
  type Coding,
  type Item,
  type Questionnaire,
} from './fhir';
import './questionnaire.css';

interface Props {
  questionnaire: Questionnaire;
  answers: Answers;
  /** Messages per link id, already in words. */
  errors?: Readonly<Record<string, string>>;
  /** A submitted response, or the clinic's preview of what a patient sees: nothing can be changed. */
  readOnly?: boolean;
  /** Prefix of the controls' ids, so a page can link its error summary to them ({@link firstControlId}). */
  idBase?: string;
  onChange?(linkId: string, answers: Answer[]): void;
}

/**
 * Portal's own renderer of a FHIR Questionnaire: groups as fieldsets, each question labelled, required ones marked in
 * words, hidden questions (enableWhen) left out, the total score shown as it is calculated, and each problem written under
 * its question and tied to it for screen readers.
 */
export function QuestionnaireForm({ questionnaire, answers, errors = {}, readOnly = false, idBase, onChange }: Props) {
  const enabled = enabledItems(questionnaire, answers);
  const total = totalScore(questionnaire, answers, enabled);
  const generated = useId();
  const base = idBase ?? generated;
  const context: Context = { questionnaire, answers, errors, readOnly, enabled, total, base, onChange: onChange ?? (() => undefined) };
  return <div className="questionnaire">{(questionnaire.item ?? []).map((item) => renderItem(item, context))}</div>;
}

interface Context {
  questionnaire: Questionnaire;
  answers: Answers;
  errors: Readonly<Record<string, string>>;
  readOnly: boolean;
  enabled: Record<string, boolean>;
  total: number | null;
  base: string;
  onChange(linkId: string, answers: Answer[]): void;
}

/** The id of an item's first control, to move the focus to it. */
export const firstControlId = (base: string, linkId: string) => `${controlId(base, linkId)}-0`;

/** The id of an item's control; link ids may hold any character, so they are encoded. */
export const controlId = (base: string, linkId: string) => `${base}-q-${encodeURIComponent(linkId).replace(/%/g, '_')}`;

function renderItem(item: Item, context: Context) {
  if (!context.enabled[item.linkId]) {
    return null;
  }
  if (item.type === 'display') {
    return (
      <p key={item.linkId} className="questionnaire-display">
        {item.text}
      </p>
    );
  }
  if (item.type === 'group') {
    return (
      <fieldset key={item.linkId} className="questionnaire-group">
        {item.text && <legend>{item.text}</legend>}
        {(item.item ?? []).map((child) => renderItem(child, context))}
      </fieldset>
    );
  }
  return <Question key={item.linkId} item={item} context={context} />;
}

function Question({ item, context }: { item: Item; context: Context }) {
  const { t } = useI18n();
  const id = controlId(context.base, item.linkId);
  const error = context.errors[item.linkId] ?? null;
  const errorId = `${id}-error`;
  const given = context.answers[item.linkId] ?? [];
  const set = (next: Answer[]) => context.onChange(item.linkId, next);
  const label = (
    <>
      {item.text}
      {item.required && !context.readOnly && <span className="questionnaire-required"> {t('questionnaire.required')}</span>}
    </>
  );

  if (isTotalScore(item)) {
    return (
      <div className="field">
        <span className="field-label" id={`${id}-label`}>
          {item.text}
        </span>
        <output aria-labelledby={`${id}-label`} className="questionnaire-total">
          {context.total ?? 0}
        </output>
      </div>
    );
  }

  if (item.type === 'boolean' || item.type === 'choice' || item.type === 'open-choice') {
    const choices: Coding[] =
      item.type === 'boolean'
        ? [
            { code: 'true', display: t('questionnaire.yes') },
            { code: 'false', display: t('questionnaire.no') },
          ]
        : options(context.questionnaire, item);
    const multiple = item.type !== 'boolean' && !!item.repeats;
    const chosen = (coding: Coding) =>
      item.type === 'boolean' ? given.some((a) => String(a.valueBoolean) === coding.code) : given.some((a) => sameCode(a.valueCoding, coding));
    const answerOf = (coding: Coding): Answer =>
      item.type === 'boolean' ? { valueBoolean: coding.code === 'true' } : { valueCoding: { system: coding.system, code: coding.code, display: coding.display } };
    const toggle = (coding: Coding, on: boolean) => {
      const others = given.filter((a) => !(item.type === 'boolean' ? String(a.valueBoolean) === coding.code : sameCode(a.valueCoding, coding)));
      if (!multiple) {
        const free = given.filter((a) => a.valueString !== undefined);
        set(on ? [answerOf(coding)] : free);
        return;
      }
      set(on ? [...others, answerOf(coding)] : others);
    };
    const other = given.find((a) => a.valueString !== undefined)?.valueString ?? '';
    return (
      <fieldset
        className="field questionnaire-choice"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(error && errorId)}
      >
        <legend>{label}</legend>
        {choices.map((coding, index) => (
          <div className="check" key={`${coding.system ?? ''}|${coding.code ?? index}`}>
            <input
              type={multiple ? 'checkbox' : 'radio'}
              id={`${id}-${index}`}
              name={id}
              checked={chosen(coding)}
              required={!!item.required && !multiple && !context.readOnly}
              disabled={context.readOnly}
              onChange={(event) => toggle(coding, event.target.checked)}
            />
            <label htmlFor={`${id}-${index}`}>{coding.display ?? coding.code}</label>
          </div>
        ))}
        {item.type === 'open-choice' && (
          <div className="questionnaire-other">
            <label htmlFor={`${id}-other`}>{t('questionnaire.other')}</label>
            <input
              type="text"
              id={`${id}-other`}
              value={other}
              maxLength={item.maxLength}
              readOnly={context.readOnly}
              onChange={(event) => {
                const kept = multiple ? given.filter((a) => a.valueString === undefined) : [];
                set(event.target.value ? [...kept, { valueString: event.target.value }] : kept);
              }}
            />
          </div>
        )}
        <FieldError id={errorId} message={error} />
      </fieldset>
    );
  }

  const values = given.length ? given : [{}];
  const rows = item.repeats ? values : values.slice(0, 1);
  const change = (index: number, answer: Answer | null) => {
    const next = rows.map((row, i) => (i === index ? answer : row)).filter((a): a is Answer => a !== null && Object.keys(a).length > 0);
    set(next);
  };
  return (
    <div className="field questionnaire-question" role={item.repeats ? 'group' : undefined} aria-labelledby={item.repeats ? `${id}-label` : undefined}>
      <label htmlFor={`${id}-0`} id={`${id}-label`}>
        {label}
      </label>
      {item.maxLength && !context.readOnly && (
        <p className="help" id={`${id}-help`}>
          {t('questionnaire.maxLength', { count: item.maxLength })}
        </p>
      )}
      {rows.map((answer, index) => (
        <div className="questionnaire-row" key={index}>
          <ValueInput
            item={item}
            id={`${id}-${index}`}
            answer={answer}
            readOnly={context.readOnly}
            label={index > 0 ? `${item.text ?? ''} (${index + 1})` : undefined}
            describedBy={describedBy(!!item.maxLength && !context.readOnly && `${id}-help`, error && errorId)}
            invalid={!!error}
            required={!!item.required}
            onChange={(next) => change(index, next)}
          />
          {item.repeats && !context.readOnly && rows.length > 1 && (
            <button type="button" className="button secondary" onClick={() => change(index, null)}>
              {t('questionnaire.remove')} <span className="visually-hidden">{`${item.text ?? ''} (${index + 1})`}</span>
            </button>
          )}
        </div>
      ))}
      {item.repeats && !context.readOnly && Object.keys(rows[rows.length - 1] ?? {}).length > 0 && (
        <button type="button" className="button secondary" onClick={() => set([...rows, {}])}>
          {t('questionnaire.addAnother')} <span className="visually-hidden">{item.text}</span>
        </button>
      )}
      <FieldError id={errorId} message={error} />
    </div>
  );
}

interface ValueInputProps {
  item: Item;
  id: string;
  answer: Answer;
  readOnly: boolean;
  label?: string;
  describedBy?: string;
  invalid: boolean;
  required: boolean;
  onChange(answer: Answer | null): void;
}

/** One value: text, a number, a date or a date and time, as its type says. */
function ValueInput({ item, id, answer, readOnly, label, describedBy: described, invalid, required, onChange }: ValueInputProps) {
  const common = {
    id,
    readOnly,
    'aria-label': label,
    'aria-describedby': described,
    'aria-invalid': invalid ? true : undefined,
    'aria-required': required ? true : undefined,
  };
  switch (item.type) {
    case 'text':
      return (
        <textarea
          {...common}
          rows={4}
          maxLength={item.maxLength}
          value={answer.valueString ?? ''}
          onChange={(event) => onChange(event.target.value ? { valueString: event.target.value } : null)}
        />
      );
    case 'integer':
    case 'decimal': {
      const value = item.type === 'integer' ? answer.valueInteger : answer.valueDecimal;
      return (
        <input
          {...common}
          type="number"
          inputMode={item.type === 'integer' ? 'numeric' : 'decimal'}
          step={item.type === 'integer' ? 1 : 'any'}
          defaultValue={value ?? ''}
          onChange={(event) => {
            const number = event.target.value === '' ? NaN : Number(event.target.value);
            if (Number.isNaN(number)) {
              onChange(null);
            } else if (item.type === 'integer') {
              onChange(Number.isInteger(number) ? { valueInteger: number } : null);
            } else {
              onChange({ valueDecimal: number });
            }
          }}
        />
      );
    }
    case 'date':
      return (
        <input {...common} type="date" value={answer.valueDate ?? ''} onChange={(event) => onChange(event.target.value ? { valueDate: event.target.value } : null)} />
      );
    case 'dateTime':
      return (
        <input
          {...common}
          type="datetime-local"
          value={answer.valueDateTime ? toLocalInput(answer.valueDateTime) : ''}
          onChange={(event) => onChange(event.target.value ? { valueDateTime: fromLocalInput(event.target.value) } : null)}
        />
      );
    default:
      return (
        <input
          {...common}
          type="text"
          maxLength={item.maxLength}
          value={answer.valueString ?? ''}
          onChange={(event) => onChange(event.target.value ? { valueString: event.target.value } : null)}
        />
      );
  }
}

const pad = (n: number) => String(Math.abs(n)).padStart(2, '0');

/** 2026-12-06T07:30 in this browser's zone -> 2026-12-06T07:30:00-05:00, as FHIR's dateTime wants its offset. */
export function fromLocalInput(value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    return value;
  }
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return `${value.length === 16 ? `${value}:00` : value}${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
}

/** A FHIR dateTime as this browser's wall-clock time, for a datetime-local field. */
export function toLocalInput(value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    return '';
  }
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
