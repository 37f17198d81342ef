import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { formatDuration } from '../../shared/format';
import { useDocumentTitle, useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey } from '../../shared/i18n/translate';
import { QueryState } from '../../shared/QueryState';
import { SelectField } from '../SelectField';
import { setupApi, setupKeys, type AppointmentType, type BookingRules } from './api';
import { DurationField, LOAD_ERRORS, SettingsFormEnd, SetupHeading, TextField, problemText, serverFieldProblems, useSetupSave } from './SetupParts';
import {
  BOOKING_MODES,
  checkRules,
  checkTypeRules,
  rulesBody,
  rulesForm,
  typeRulesBody,
  typeRulesForm,
  type BookingMode,
  type Problems,
  type RulesField,
  type RulesForm,
} from './setupForms';

const MODE_LABELS: Record<BookingMode, string> = {
  direct: msgKey('apptSetup.rules.mode.direct'),
  request: msgKey('apptSetup.rules.mode.request'),
};

const FIELD_ORDER: readonly RulesField[] = ['minNoticeMinutes', 'bookAheadDays', 'changeWindowMinutes', 'maxUpcoming', 'bookingMode'];

interface Props {
  slug: string;
  clinicName: string;
  canManage: boolean;
  onSessionEnded(): void;
}

/** Settings > Appointments > Booking rules: what patients may do online, for the clinic and for each type (X5). */
export function BookingRulesPage({ slug, clinicName, canManage, onSessionEnded }: Props) {
  const { t } = useI18n();
  useDocumentTitle(t('apptSetup.rules.pageTitle', { clinic: clinicName }));
  const rules = useQuery({ queryKey: setupKeys.rules(slug), queryFn: ({ signal }) => setupApi.rules(slug, signal) });
  const types = useQuery({ queryKey: setupKeys.types(slug), queryFn: ({ signal }) => setupApi.types(slug, signal) });

  return (
    <>
      <SetupHeading title={t('apptSetup.rules.heading')} />
      <p>{t('apptSetup.rules.intro')}</p>
      {!canManage && <p className="message note">{t('apptSetup.readOnly')}</p>}
      <QueryState query={rules} errorMessages={LOAD_ERRORS} onSessionEnded={onSessionEnded}>
        {(clinicRules) => (
          <>
            <ClinicRules slug={slug} loaded={clinicRules} canManage={canManage} onSessionEnded={onSessionEnded} />
            <QueryState query={types} errorMessages={LOAD_ERRORS} onSessionEnded={onSessionEnded}>
              {({ items }) => <TypeRules slug={slug} types={items} clinicRules={clinicRules} canManage={canManage} onSessionEnded={onSessionEnded} />}
            </QueryState>
          </>
        )}
      </QueryState>
    </>
  );
}

function ClinicRules({ slug, loaded, canManage, onSessionEnded }: { slug: string; loaded: BookingRules; canManage: boolean; onSessionEnded(): void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  return (
    <section aria-labelledby="clinic-rules-heading">
      <h2 id="clinic-rules-heading">{t('apptSetup.rules.clinicHeading')}</h2>
      <RulesEditor
        prefix="rules"
        initial={rulesForm(loaded)}
        check={checkRules}
        toBody={rulesBody}
        run={(body) => setupApi.saveRules(slug, body)}
        onSaved={(answer) => {
          queryClient.setQueryData(setupKeys.rules(slug), answer);
          return rulesForm(answer);
        }}
        savedText={t('apptSetup.rules.saved')}
        submitLabel={t('apptSetup.rules.save')}
        clinic={null}
        canManage={canManage}
        onSessionEnded={onSessionEnded}
      />
    </section>
  );
}

interface TypeRulesProps {
  slug: string;
  types: readonly AppointmentType[];
  clinicRules: BookingRules;
  canManage: boolean;
  onSessionEnded(): void;
}

function TypeRules({ slug, types, clinicRules, canManage, onSessionEnded }: TypeRulesProps) {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const [typeId, setTypeId] = useState('');
  const own = useQuery({
    queryKey: setupKeys.typeRules(slug, typeId),
    queryFn: ({ signal }) => setupApi.typeRules(slug, typeId, signal),
    enabled: typeId !== '',
  });
  const name = (type: AppointmentType) => (lang === 'fr' ? type.nameFr : type.nameEn);

  return (
    <section aria-labelledby="type-rules-heading">
      <h2 id="type-rules-heading">{t('apptSetup.rules.typeHeading')}</h2>
      <p>{t('apptSetup.rules.typeIntro')}</p>
      {types.length === 0 ? (
        <p>{t('apptSetup.types.empty')}</p>
      ) : (
        <SelectField
          id="type-rules-type"
          label={t('apptSetup.rules.type')}
          value={typeId}
          onChange={setTypeId}
          placeholder={t('apptSetup.rules.chooseType')}
          options={types.map((type) => ({ id: type.id, label: name(type) }))}
          problem={null}
        />
      )}
      {typeId !== '' && (
        <QueryState query={own} errorMessages={LOAD_ERRORS} onSessionEnded={onSessionEnded}>
          {(loaded) => (
            <RulesEditor
              key={typeId}
              prefix="type-rules"
              initial={typeRulesForm(loaded.own)}
              check={checkTypeRules}
              toBody={typeRulesBody}
              run={(body) => setupApi.saveTypeRules(slug, typeId, body)}
              onSaved={(answer) => {
                queryClient.setQueryData(setupKeys.typeRules(slug, typeId), answer);
                return typeRulesForm(answer.own);
              }}
              savedText={t('apptSetup.rules.typeSaved')}
              submitLabel={t('apptSetup.rules.typeSave')}
              clinic={clinicRules}
              intro={<p className="help">{t('apptSetup.rules.typeHelp')}</p>}
              canManage={canManage}
              onSessionEnded={onSessionEnded}
            />
          )}
        </QueryState>
      )}
    </section>
  );
}

interface RulesEditorProps<TBody, TAnswer> {
  /** The ids' stem: a field's box is `${prefix}-${field}`. */
  prefix: string;
  initial: RulesForm;
  check(form: RulesForm): Problems<RulesField>;
  toBody(form: RulesForm): TBody;
  run(body: TBody): Promise<TAnswer>;
  /** Keeps the server's answer and gives back the form as saved. */
  onSaved(answer: TAnswer): RulesForm;
  savedText: string;
  submitLabel: string;
  /** For a type's own rules: the clinic's, which an empty box follows. */
  clinic: BookingRules | null;
  /** Words above the fields. */
  intro?: ReactNode;
  canManage: boolean;
  onSessionEnded(): void;
}

/** The rules form, for the clinic's rules or a type's own. */
function RulesEditor<TBody, TAnswer>({ prefix, initial, check, toBody, run, onSaved, savedText, submitLabel, clinic, intro, canManage, onSessionEnded }: RulesEditorProps<TBody, TAnswer>) {
  const { t } = useI18n();
  const [form, setForm] = useState<RulesForm>(initial);
  const [local, setLocal] = useState<Problems<RulesField>>({});
  const [saved, setSaved] = useState<string | null>(null);
  const { save, saving, error } = useSetupSave(
    run,
    (answer) => {
      setForm(onSaved(answer));
      setSaved(savedText);
    },
    onSessionEnded,
  );

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!canManage || saving) {
      return;
    }
    const problems = check(form);
    setLocal(problems);
    setSaved(null);
    const first = FIELD_ORDER.find((field) => problems[field]);
    if (first) {
      document.getElementById(`${prefix}-${first}`)?.focus();
      return;
    }
    save(toBody(form));
  };

  return (
    <form className="settings-form" noValidate onSubmit={submit}>
      {intro}
      <RuleFields
        prefix={prefix}
        form={form}
        onChange={(next) => {
          setForm(next);
          setSaved(null);
        }}
        local={local}
        error={error}
        disabled={!canManage}
        clinic={clinic}
      />
      <SettingsFormEnd canManage={canManage} saving={saving} saved={saved} error={error} submitLabel={submitLabel} notSaved={t('apptSetup.rules.notSaved')} />
    </form>
  );
}

interface RuleFieldsProps {
  prefix: string;
  form: RulesForm;
  onChange(form: RulesForm): void;
  local: Problems<RulesField>;
  error: unknown;
  disabled: boolean;
  /** For a type's own rules: the clinic's, which an empty box follows. */
  clinic: BookingRules | null;
}

function RuleFields({ prefix, form, onChange, local, error, disabled, clinic }: RuleFieldsProps) {
  const { t, lang } = useI18n();
  const server = serverFieldProblems(error, t);
  const set = <K extends keyof RulesForm>(field: K, value: RulesForm[K]) => onChange({ ...form, [field]: value });
  const follows = (text: string) => (clinic ? ` ${t('apptSetup.rules.clinicValue', { value: text })}` : '');

  return (
    <>
      <DurationField
        id={`${prefix}-minNoticeMinutes`}
        label={t('apptSetup.rules.minNotice')}
        help={t('apptSetup.rules.minNotice.help') + follows(clinic ? formatDuration(clinic.minNoticeMinutes, lang, t) : '')}
        value={form.minNotice}
        disabled={disabled}
        onChange={(value) => set('minNotice', value)}
        problem={problemText(t, local.minNoticeMinutes, server.minNoticeMinutes)}
      />
      <TextField
        id={`${prefix}-bookAheadDays`}
        className="field field-narrow"
        type="number"
        label={t('apptSetup.rules.bookAhead')}
        help={t('apptSetup.rules.bookAhead.help') + follows(clinic ? t('duration.days.other', { count: clinic.bookAheadDays }) : '')}
        value={form.bookAheadDays}
        disabled={disabled}
        onChange={(value) => set('bookAheadDays', value)}
        problem={problemText(t, local.bookAheadDays, server.bookAheadDays)}
      />
      <DurationField
        id={`${prefix}-changeWindowMinutes`}
        label={t('apptSetup.rules.changeWindow')}
        help={t('apptSetup.rules.changeWindow.help') + follows(clinic ? formatDuration(clinic.changeWindowMinutes, lang, t) : '')}
        value={form.changeWindow}
        disabled={disabled}
        onChange={(value) => set('changeWindow', value)}
        problem={problemText(t, local.changeWindowMinutes, server.changeWindowMinutes)}
      />
      <TextField
        id={`${prefix}-maxUpcoming`}
        className="field field-narrow"
        type="number"
        label={t('apptSetup.rules.maxUpcoming')}
        help={(clinic ? t('apptSetup.rules.maxUpcoming.typeHelp') : t('apptSetup.rules.maxUpcoming.help')) + follows(clinic ? String(clinic.maxUpcoming) : '')}
        value={form.maxUpcoming}
        disabled={disabled}
        onChange={(value) => set('maxUpcoming', value)}
        problem={problemText(t, local.maxUpcoming, server.maxUpcoming)}
      />
      <SelectField
        id={`${prefix}-bookingMode`}
        label={t('apptSetup.rules.mode')}
        value={form.bookingMode}
        disabled={disabled}
        onChange={(value) => set('bookingMode', value as BookingMode | '')}
        placeholder={clinic ? t('apptSetup.rules.mode.clinic', { mode: t(MODE_LABELS[clinic.bookingMode === 'request' ? 'request' : 'direct']) }) : undefined}
        options={BOOKING_MODES.map((mode) => ({ id: mode, label: t(MODE_LABELS[mode]) }))}
        problem={problemText(t, local.bookingMode, server.bookingMode)}
      />
    </>
  );
}
