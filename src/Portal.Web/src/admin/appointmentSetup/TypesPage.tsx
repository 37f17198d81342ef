import { useQuery } from '@tanstack/react-query';
import { CheckField } from '../../shared/CheckField';
import { FieldError, describedBy } from '../../shared/FieldError';
import { formatDuration } from '../../shared/format';
import { useDocumentTitle, useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey } from '../../shared/i18n/translate';
import { QueryState } from '../../shared/QueryState';
import { setupApi, setupKeys, type AppointmentType, type Provider } from './api';
import { DurationField, LOAD_ERRORS, RadioGroup, SetupFormEnd, SetupHeading, SetupResourceList, TextField, problemText, useSetupEditor, useSetupResource, type ResourceEditorProps } from './SetupParts';
import { APPOINTMENT_MODES, TYPE_DURATION_UNITS, checkType, typeBody, typeForm, type AppointmentMode, type TypeField } from './setupForms';

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
  const types = useQuery({ queryKey: setupKeys.types(slug), queryFn: ({ signal }) => setupApi.types(slug, signal) });
  const providers = useQuery({ queryKey: setupKeys.providers(slug), queryFn: ({ signal }) => setupApi.providers(slug, signal) });
  const resource = useSetupResource<AppointmentType>(setupKeys.types(slug));

  const name = (type: AppointmentType) => (lang === 'fr' ? type.nameFr : type.nameEn);

  return (
    <>
      <SetupHeading title={t('apptSetup.types.heading')} />
      <p>{t('apptSetup.types.intro')}</p>
      {!canManage && <p className="message note">{t('apptSetup.readOnly')}</p>}
      <QueryState query={providers} errorMessages={LOAD_ERRORS} onSessionEnded={onSessionEnded}>
        {({ items: providerList }) => (
          <QueryState query={types} errorMessages={LOAD_ERRORS} onSessionEnded={onSessionEnded}>
            {({ items }) => {
              const providerNames = (ids: readonly string[]) =>
                providerList
                  .filter((provider) => ids.includes(provider.id))
                  .map((provider) => provider.name)
                  .join(', ') || t('apptSetup.none');
              return (
                <SetupResourceList
                  resource={resource}
                  items={items}
                  canManage={canManage}
                  messages="types"
                  idStem="type"
                  name={name}
                  columns={[t('apptSetup.types.name'), t('apptSetup.types.duration'), t('apptSetup.types.mode'), t('apptSetup.types.booking'), t('apptSetup.types.providers')]}
                  cells={(type) => (
                    <>
                      <td>{formatDuration(type.durationMinutes, lang, t)}</td>
                      <td>{t(MODE_LABELS[type.mode === 'virtual' ? 'virtual' : 'in_person'])}</td>
                      <td>{type.bookableOnline ? t('apptSetup.types.online') : t('apptSetup.types.staffOnly')}</td>
                      <td>{providerNames(type.providerIds)}</td>
                    </>
                  )}
                  editor={(props) => <TypeEditor {...props} slug={slug} providers={providerList} onSessionEnded={onSessionEnded} />}
                />
              );
            }}
          </QueryState>
        )}
      </QueryState>
    </>
  );
}

interface EditorProps extends ResourceEditorProps<AppointmentType> {
  slug: string;
  providers: readonly Provider[];
  onSessionEnded(): void;
}

const FIELD_ORDER: readonly TypeField[] = ['nameEn', 'nameFr', 'duration', 'bufferBefore', 'bufferAfter', 'providerIds'];

function TypeEditor({ prefix, item, providers, submitLabel, onSaved, onCancel, slug, onSessionEnded }: EditorProps) {
  const { t } = useI18n();
  const { form, set, server, saving, error, submit, problem } = useSetupEditor({
    prefix,
    initial: typeForm(item ?? undefined),
    check: checkType,
    order: FIELD_ORDER,
    toBody: typeBody,
    run: (body) => (item ? setupApi.updateType(slug, item.id, body) : setupApi.createType(slug, body)),
    onSaved,
    onSessionEnded,
  });

  const providersProblem = problem('providerIds');
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
        problem={problem('nameEn')}
      />
      <TextField
        id={`${prefix}-nameFr`}
        label={t('apptSetup.types.nameFr')}
        lang="fr"
        value={form.nameFr}
        onChange={(value) => set('nameFr', value)}
        maxLength={200}
        required
        problem={problem('nameFr')}
      />
      <DurationField
        id={`${prefix}-duration`}
        label={t('apptSetup.types.duration')}
        help={t('apptSetup.types.duration.help')}
        units={TYPE_DURATION_UNITS}
        value={form.duration}
        onChange={(value) => set('duration', value)}
        problem={problem('duration', 'durationMinutes')}
      />
      <RadioGroup
        name={`${prefix}-mode`}
        legend={t('apptSetup.types.mode')}
        choices={APPOINTMENT_MODES.map((mode) => ({ id: `${prefix}-mode-${mode}`, label: t(MODE_LABELS[mode]), checked: form.mode === mode, onSelect: () => set('mode', mode) }))}
      >
        <FieldError id={`${prefix}-mode-error`} message={problemText(t, undefined, server.mode)} />
      </RadioGroup>
      <RadioGroup
        name={`${prefix}-booking`}
        legend={t('apptSetup.types.booking')}
        choices={[
          { id: `${prefix}-online`, label: t('apptSetup.types.online'), checked: form.bookableOnline, onSelect: () => set('bookableOnline', true) },
          { id: `${prefix}-staff-only`, label: t('apptSetup.types.staffOnly'), checked: !form.bookableOnline, onSelect: () => set('bookableOnline', false) },
        ]}
      />
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
          problem={problem('bufferBefore', 'bufferBeforeMinutes')}
        />
        <TextField
          id={`${prefix}-bufferAfter`}
          className="field field-narrow"
          label={t('apptSetup.types.bufferAfter')}
          type="number"
          value={form.bufferAfter}
          onChange={(value) => set('bufferAfter', value)}
          problem={problem('bufferAfter', 'bufferAfterMinutes')}
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
      <SetupFormEnd saving={saving} error={error} notSaved={t('apptSetup.types.notSaved')} submitLabel={submitLabel} onCancel={onCancel} />
    </form>
  );
}
