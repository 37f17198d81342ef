import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { CheckField } from '../../shared/CheckField';
import { FieldError, describedBy } from '../../shared/FieldError';
import { formatDuration } from '../../shared/format';
import { useDocumentTitle, useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey } from '../../shared/i18n/translate';
import { QueryState } from '../../shared/QueryState';
import { setupApi, setupKeys, type AppointmentType, type AppointmentTypeBody, type Provider } from './api';
import { DurationField, LOAD_ERRORS, SaveOutcome, SetupHeading, TextField, byActiveThenName, problemText, serverFieldProblems, useSetupSave } from './SetupParts';
import { APPOINTMENT_MODES, TYPE_DURATION_UNITS, checkType, typeBody, typeForm, type AppointmentMode, type Problems, type TypeField, type TypeForm } from './setupForms';

const MODE_LABELS: Record<AppointmentMode, string> = {
  in_person: msgKey('apptSetup.types.mode.in_person'),
  virtual: msgKey('apptSetup.types.mode.virtual'),
};

interface Props {
  slug: string;
  clinicName: string;
  canManage: boolean;
  onSessionEnded(): void;
}

/** Settings > Appointments > Appointment types: names in English and French, length, in person or virtual, who books, providers, buffers. */
export function TypesPage({ slug, clinicName, canManage, onSessionEnded }: Props) {
  const { t, lang } = useI18n();
  useDocumentTitle(t('apptSetup.types.pageTitle', { clinic: clinicName }));
  const queryClient = useQueryClient();
  const types = useQuery({ queryKey: setupKeys.types(slug), queryFn: ({ signal }) => setupApi.types(slug, signal) });
  const providers = useQuery({ queryKey: setupKeys.providers(slug), queryFn: ({ signal }) => setupApi.providers(slug, signal) });
  const [editing, setEditing] = useState<string | null>(null);
  const [statusText, setStatusText] = useState<string | null>(null);
  const editHeading = useRef<HTMLHeadingElement>(null);
  const [focusEdit, setFocusEdit] = useState(0);

  useEffect(() => {
    if (focusEdit > 0) {
      editHeading.current?.focus();
    }
  }, [focusEdit]);

  const name = (type: AppointmentType) => (lang === 'fr' ? type.nameFr : type.nameEn);
  const replace = (saved: AppointmentType) =>
    queryClient.setQueryData<{ items: AppointmentType[] }>(setupKeys.types(slug), (current) => ({
      items: byActiveThenName([...(current?.items ?? []).filter((item) => item.id !== saved.id), saved]),
    }));

  return (
    <>
      <SetupHeading title={t('apptSetup.types.heading')} />
      <p>{t('apptSetup.types.intro')}</p>
      {!canManage && <p className="message note">{t('apptSetup.readOnly')}</p>}
      <QueryState query={providers} errorMessages={LOAD_ERRORS} onSessionEnded={onSessionEnded}>
        {({ items: providerList }) => (
          <QueryState query={types} errorMessages={LOAD_ERRORS} onSessionEnded={onSessionEnded}>
            {({ items }) => {
              const editingType = editing ? (items.find((item) => item.id === editing) ?? null) : null;
              const providerNames = (ids: readonly string[]) =>
                providerList
                  .filter((provider) => ids.includes(provider.id))
                  .map((provider) => provider.name)
                  .join(', ') || t('apptSetup.none');
              return (
                <>
                  <h2 id="types-list">{t('apptSetup.types.list')}</h2>
                  <div role="status" className="status-region">
                    {statusText && <p className="message success">{statusText}</p>}
                  </div>
                  {items.length === 0 ? (
                    <p>{t('apptSetup.types.empty')}</p>
                  ) : (
                    <div className="table-scroll" role="region" aria-labelledby="types-list" tabIndex={0}>
                      <table className="data-table" aria-labelledby="types-list">
                        <thead>
                          <tr>
                            <th scope="col">{t('apptSetup.types.name')}</th>
                            <th scope="col">{t('apptSetup.types.duration')}</th>
                            <th scope="col">{t('apptSetup.types.mode')}</th>
                            <th scope="col">{t('apptSetup.types.booking')}</th>
                            <th scope="col">{t('apptSetup.types.providers')}</th>
                            <th scope="col">{t('apptSetup.column.state')}</th>
                            {canManage && <th scope="col">{t('apptSetup.column.actions')}</th>}
                          </tr>
                        </thead>
                        <tbody>
                          {items.map((type) => (
                            <tr key={type.id}>
                              <th scope="row">{name(type)}</th>
                              <td>{formatDuration(type.durationMinutes, lang, t)}</td>
                              <td>{t(MODE_LABELS[type.mode === 'virtual' ? 'virtual' : 'in_person'])}</td>
                              <td>{type.bookableOnline ? t('apptSetup.types.online') : t('apptSetup.types.staffOnly')}</td>
                              <td>{providerNames(type.providerIds)}</td>
                              <td>{type.active ? t('apptSetup.active') : t('apptSetup.inactive')}</td>
                              {canManage && (
                                <td>
                                  <button
                                    type="button"
                                    className="secondary"
                                    onClick={() => {
                                      setEditing(type.id);
                                      setStatusText(null);
                                      setFocusEdit((count) => count + 1);
                                    }}
                                  >
                                    {t('apptSetup.types.edit', { name: name(type) })}
                                  </button>
                                </td>
                              )}
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </div>
                  )}

                  {canManage && editingType && (
                    <section className="settings-form" aria-labelledby="type-edit-heading">
                      <h2 id="type-edit-heading" tabIndex={-1} ref={editHeading}>
                        {t('apptSetup.types.editHeading', { name: name(editingType) })}
                      </h2>
                      <TypeEditor
                        key={editingType.id}
                        prefix="type-edit"
                        initial={typeForm(editingType)}
                        providers={providerList}
                        submitLabel={t('apptSetup.types.save')}
                        run={(body) => setupApi.updateType(slug, editingType.id, body)}
                        onSaved={(saved) => {
                          replace(saved);
                          setEditing(null);
                          setStatusText(t('apptSetup.types.saved', { name: name(saved) }));
                        }}
                        onCancel={() => setEditing(null)}
                        onSessionEnded={onSessionEnded}
                      />
                    </section>
                  )}

                  {canManage && (
                    <section className="settings-form" aria-labelledby="type-add-heading">
                      <h2 id="type-add-heading">{t('apptSetup.types.addHeading')}</h2>
                      <TypeEditor
                        prefix="type-add"
                        initial={typeForm()}
                        providers={providerList}
                        submitLabel={t('apptSetup.types.add')}
                        run={(body) => setupApi.createType(slug, body)}
                        onSaved={(saved) => {
                          replace(saved);
                          setStatusText(t('apptSetup.types.added', { name: name(saved) }));
                        }}
                        onSessionEnded={onSessionEnded}
                      />
                    </section>
                  )}
                </>
              );
            }}
          </QueryState>
        )}
      </QueryState>
    </>
  );
}

interface EditorProps {
  prefix: string;
  initial: TypeForm;
  providers: readonly Provider[];
  submitLabel: string;
  run(body: AppointmentTypeBody): Promise<AppointmentType>;
  onSaved(saved: AppointmentType): void;
  onCancel?: () => void;
  onSessionEnded(): void;
}

const FIELD_ORDER: readonly TypeField[] = ['nameEn', 'nameFr', 'duration', 'bufferBefore', 'bufferAfter', 'providerIds'];

function TypeEditor({ prefix, initial, providers, submitLabel, run, onSaved, onCancel, onSessionEnded }: EditorProps) {
  const { t } = useI18n();
  const [form, setForm] = useState<TypeForm>(initial);
  const [local, setLocal] = useState<Problems<TypeField>>({});
  const { save, saving, error } = useSetupSave(
    run,
    (saved) => {
      onSaved(saved);
      setForm(initial);
    },
    onSessionEnded,
  );
  const server = serverFieldProblems(error, t);
  const set = <K extends keyof TypeForm>(field: K, value: TypeForm[K]) => setForm((current) => ({ ...current, [field]: value }));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (saving) {
      return;
    }
    const problems = checkType(form);
    setLocal(problems);
    const first = FIELD_ORDER.find((field) => problems[field]);
    if (first) {
      document.getElementById(`${prefix}-${first}`)?.focus();
      return;
    }
    save(typeBody(form));
  };

  const providersProblem = problemText(t, local.providerIds, server.providerIds);
  return (
    <form noValidate onSubmit={submit}>
      <TextField
        id={`${prefix}-nameEn`}
        label={t('apptSetup.types.nameEn')}
        lang="en"
        value={form.nameEn}
        onChange={(value) => set('nameEn', value)}
        maxLength={200}
        required
        problem={problemText(t, local.nameEn, server.nameEn)}
      />
      <TextField
        id={`${prefix}-nameFr`}
        label={t('apptSetup.types.nameFr')}
        lang="fr"
        value={form.nameFr}
        onChange={(value) => set('nameFr', value)}
        maxLength={200}
        required
        problem={problemText(t, local.nameFr, server.nameFr)}
      />
      <DurationField
        id={`${prefix}-duration`}
        label={t('apptSetup.types.duration')}
        help={t('apptSetup.types.duration.help')}
        units={TYPE_DURATION_UNITS}
        value={form.duration}
        onChange={(value) => set('duration', value)}
        problem={problemText(t, local.duration, server.durationMinutes)}
      />
      <fieldset className="setting">
        <legend className="setting-label">{t('apptSetup.types.mode')}</legend>
        {APPOINTMENT_MODES.map((mode) => (
          <div className="check" key={mode}>
            <input type="radio" id={`${prefix}-mode-${mode}`} name={`${prefix}-mode`} checked={form.mode === mode} onChange={() => set('mode', mode)} />
            <label htmlFor={`${prefix}-mode-${mode}`}>{t(MODE_LABELS[mode])}</label>
          </div>
        ))}
        <FieldError id={`${prefix}-mode-error`} message={problemText(t, undefined, server.mode)} />
      </fieldset>
      <fieldset className="setting">
        <legend className="setting-label">{t('apptSetup.types.booking')}</legend>
        <div className="check">
          <input type="radio" id={`${prefix}-online`} name={`${prefix}-booking`} checked={form.bookableOnline} onChange={() => set('bookableOnline', true)} />
          <label htmlFor={`${prefix}-online`}>{t('apptSetup.types.online')}</label>
        </div>
        <div className="check">
          <input type="radio" id={`${prefix}-staff-only`} name={`${prefix}-booking`} checked={!form.bookableOnline} onChange={() => set('bookableOnline', false)} />
          <label htmlFor={`${prefix}-staff-only`}>{t('apptSetup.types.staffOnly')}</label>
        </div>
      </fieldset>
      <fieldset className="setting" id={`${prefix}-providerIds`} tabIndex={-1} aria-describedby={describedBy(providersProblem && `${prefix}-providerIds-error`)}>
        <legend className="setting-label">{t('apptSetup.types.providers')}</legend>
        {providers.length === 0 ? (
          <p>{t('apptSetup.types.noProviders')}</p>
        ) : (
          <div className="check-grid">
            {providers.map((provider) => (
              <div className="check" key={provider.id}>
                <input
                  type="checkbox"
                  id={`${prefix}-provider-${provider.id}`}
                  checked={form.providerIds.includes(provider.id)}
                  onChange={(event) =>
                    set('providerIds', event.target.checked ? [...form.providerIds, provider.id] : form.providerIds.filter((id) => id !== provider.id))
                  }
                />
                <label htmlFor={`${prefix}-provider-${provider.id}`}>{provider.active ? provider.name : t('apptSetup.types.inactiveProvider', { name: provider.name })}</label>
              </div>
            ))}
          </div>
        )}
        <FieldError id={`${prefix}-providerIds-error`} message={providersProblem} />
      </fieldset>
      <div className="identifier-fields">
        <TextField
          id={`${prefix}-bufferBefore`}
          className="field field-narrow"
          label={t('apptSetup.types.bufferBefore')}
          type="number"
          value={form.bufferBefore}
          onChange={(value) => set('bufferBefore', value)}
          problem={problemText(t, local.bufferBefore, server.bufferBeforeMinutes)}
        />
        <TextField
          id={`${prefix}-bufferAfter`}
          className="field field-narrow"
          label={t('apptSetup.types.bufferAfter')}
          type="number"
          value={form.bufferAfter}
          onChange={(value) => set('bufferAfter', value)}
          problem={problemText(t, local.bufferAfter, server.bufferAfterMinutes)}
        />
      </div>
      <p className="help">{t('apptSetup.types.buffers.help')}</p>
      <CheckField
        id={`${prefix}-active`}
        label={t('apptSetup.types.active')}
        help={t('apptSetup.types.active.help')}
        checked={form.active}
        onChange={(active) => set('active', active)}
      />
      <SaveOutcome saving={saving} saved={null} error={error} notSaved={t('apptSetup.types.notSaved')} />
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
    </form>
  );
}
