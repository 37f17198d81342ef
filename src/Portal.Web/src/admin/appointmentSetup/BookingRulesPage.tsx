import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { describedBy, FieldError } from '../../shared/FieldError';
import { formatDuration } from '../../shared/format';
import { useDocumentTitle, useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey } from '../../shared/i18n/translate';
import { QueryState } from '../../shared/QueryState';
import { setupApi, setupKeys, type AppointmentType, type BookingRules } from './api';
import { DurationField, LOAD_ERRORS, SaveOutcome, SetupHeading, TextField, problemText, serverFieldProblems, useSetupSave } from './SetupParts';
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
  const [form, setForm] = useState<RulesForm>(() => rulesForm(loaded));
  const [local, setLocal] = useState<Problems<RulesField>>({});
  const [saved, setSaved] = useState<string | null>(null);
  const { save, saving, error } = useSetupSave(
    (body: BookingRules) => setupApi.saveRules(slug, body),
    (answer) => {
      queryClient.setQueryData(setupKeys.rules(slug), answer);
      setForm(rulesForm(answer));
      setSaved(t('apptSetup.rules.saved'));
    },
    onSessionEnded,
  );

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!canManage || saving) {
      return;
    }
    const problems = checkRules(form);
    setLocal(problems);
    setSaved(null);
    const first = FIELD_ORDER.find((field) => problems[field]);
    if (first) {
      document.getElementById(`rules-${first}`)?.focus();
      return;
    }
    save(rulesBody(form));
  };

  return (
    <section aria-labelledby="clinic-rules-heading">
      <h2 id="clinic-rules-heading">{t('apptSetup.rules.clinicHeading')}</h2>
      <form className="settings-form" noValidate onSubmit={submit}>
        <RuleFields
          prefix="rules"
          form={form}
          onChange={(next) => {
            setForm(next);
            setSaved(null);
          }}
          local={local}
          error={error}
          disabled={!canManage}
          clinic={null}
        />
        {canManage && (
          <div className="form-actions">
            <button type="submit" aria-disabled={saving ? true : undefined}>
              {t('apptSetup.rules.save')}
            </button>
          </div>
        )}
        <SaveOutcome saving={saving} saved={saved} error={error} notSaved={t('apptSetup.rules.notSaved')} />
      </form>
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
        <div className="field">
          <label htmlFor="type-rules-type">{t('apptSetup.rules.type')}</label>
          <select id="type-rules-type" value={typeId} onChange={(event) => setTypeId(event.target.value)}>
            <option value="">{t('apptSetup.rules.chooseType')}</option>
            {types.map((type) => (
              <option key={type.id} value={type.id}>
                {name(type)}
              </option>
            ))}
          </select>
        </div>
      )}
      {typeId !== '' && (
        <QueryState query={own} errorMessages={LOAD_ERRORS} onSessionEnded={onSessionEnded}>
          {(loaded) => (
            <TypeRulesForm
              key={typeId}
              slug={slug}
              typeId={typeId}
              initial={typeRulesForm(loaded.own)}
              clinicRules={clinicRules}
              canManage={canManage}
              onSessionEnded={onSessionEnded}
            />
          )}
        </QueryState>
      )}
    </section>
  );
}

interface TypeRulesFormProps {
  slug: string;
  typeId: string;
  initial: RulesForm;
  clinicRules: BookingRules;
  canManage: boolean;
  onSessionEnded(): void;
}

function TypeRulesForm({ slug, typeId, initial, clinicRules, canManage, onSessionEnded }: TypeRulesFormProps) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<RulesForm>(initial);
  const [local, setLocal] = useState<Problems<RulesField>>({});
  const [saved, setSaved] = useState<string | null>(null);
  const { save, saving, error } = useSetupSave(
    (body: ReturnType<typeof typeRulesBody>) => setupApi.saveTypeRules(slug, typeId, body),
    (answer) => {
      queryClient.setQueryData(setupKeys.typeRules(slug, typeId), answer);
      setForm(typeRulesForm(answer.own));
      setSaved(t('apptSetup.rules.typeSaved'));
    },
    onSessionEnded,
  );

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!canManage || saving) {
      return;
    }
    const problems = checkTypeRules(form);
    setLocal(problems);
    setSaved(null);
    const first = FIELD_ORDER.find((field) => problems[field]);
    if (first) {
      document.getElementById(`type-rules-${first}`)?.focus();
      return;
    }
    save(typeRulesBody(form));
  };

  return (
    <form className="settings-form" noValidate onSubmit={submit}>
      <p className="help">{t('apptSetup.rules.typeHelp')}</p>
      <RuleFields
        prefix="type-rules"
        form={form}
        onChange={(next) => {
          setForm(next);
          setSaved(null);
        }}
        local={local}
        error={error}
        disabled={!canManage}
        clinic={clinicRules}
      />
      {canManage && (
        <div className="form-actions">
          <button type="submit" aria-disabled={saving ? true : undefined}>
            {t('apptSetup.rules.typeSave')}
          </button>
        </div>
      )}
      <SaveOutcome saving={saving} saved={saved} error={error} notSaved={t('apptSetup.rules.notSaved')} />
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
  const modeId = `${prefix}-bookingMode`;
  const modeProblem = problemText(t, local.bookingMode, server.bookingMode);

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
      <div className="field">
        <label htmlFor={modeId}>{t('apptSetup.rules.mode')}</label>
        <select
          id={modeId}
          value={form.bookingMode}
          disabled={disabled}
          onChange={(event) => set('bookingMode', event.target.value as BookingMode | '')}
          aria-invalid={modeProblem ? true : undefined}
          aria-describedby={describedBy(modeProblem && `${modeId}-error`)}
        >
          {clinic && <option value="">{t('apptSetup.rules.mode.clinic', { mode: t(MODE_LABELS[clinic.bookingMode === 'request' ? 'request' : 'direct']) })}</option>}
          {BOOKING_MODES.map((mode) => (
            <option key={mode} value={mode}>
              {t(MODE_LABELS[mode])}
            </option>
          ))}
        </select>
        <FieldError id={`${modeId}-error`} message={modeProblem} />
      </div>
    </>
  );
}
