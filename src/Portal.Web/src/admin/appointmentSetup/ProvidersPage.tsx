import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { CheckField } from '../../shared/CheckField';
import { describedBy, FieldError } from '../../shared/FieldError';
import { useDocumentTitle, useI18n } from '../../shared/i18n/I18nProvider';
import { QueryState } from '../../shared/QueryState';
import { followLink, type Navigate } from '../../shared/useLocationPath';
import { setupApi, setupKeys, type Provider, type ProviderBody } from './api';
import { LOAD_ERRORS, SaveOutcome, byActiveThenName, SetupHeading, TextField, problemText, serverFieldProblems, useSetupSave } from './SetupParts';
import { checkProvider, providerBody, providerForm, type ProviderField, type ProviderForm, type Problems } from './setupForms';
import { providerHoursPath } from './setupRoutes';

interface Props {
  slug: string;
  clinicName: string;
  canManage: boolean;
  navigate: Navigate;
  onSessionEnded(): void;
}

/** Settings > Appointments > Providers: who patients book with, their title, languages and staff account. */
export function ProvidersPage({ slug, clinicName, canManage, navigate, onSessionEnded }: Props) {
  const { t } = useI18n();
  useDocumentTitle(t('apptSetup.providers.pageTitle', { clinic: clinicName }));
  const queryClient = useQueryClient();
  const providers = useQuery({ queryKey: setupKeys.providers(slug), queryFn: ({ signal }) => setupApi.providers(slug, signal) });
  const staff = useQuery({ queryKey: setupKeys.staff(slug), queryFn: ({ signal }) => setupApi.staff(slug, signal) });
  const [editing, setEditing] = useState<string | null>(null);
  const [statusText, setStatusText] = useState<string | null>(null);
  const editHeading = useRef<HTMLHeadingElement>(null);
  const [focusEdit, setFocusEdit] = useState(0);

  useEffect(() => {
    if (focusEdit > 0) {
      editHeading.current?.focus();
    }
  }, [focusEdit]);

  const staffName = (id: string | null) => (id ? (staff.data?.find((member) => member.id === id)?.displayName ?? t('apptSetup.providers.staffUnnamed')) : t('apptSetup.none'));
  const replace = (saved: Provider) =>
    queryClient.setQueryData<{ items: Provider[] }>(setupKeys.providers(slug), (current) => ({
      items: byActiveThenName([...(current?.items ?? []).filter((item) => item.id !== saved.id), saved]),
    }));

  return (
    <>
      <SetupHeading title={t('apptSetup.providers.heading')} />
      <p>{t('apptSetup.providers.intro')}</p>
      {!canManage && <p className="message note">{t('apptSetup.readOnly')}</p>}
      <QueryState query={providers} errorMessages={LOAD_ERRORS} onSessionEnded={onSessionEnded}>
        {({ items }) => {
          const editingProvider = editing ? (items.find((item) => item.id === editing) ?? null) : null;
          return (
            <>
              <h2 id="providers-list">{t('apptSetup.providers.list')}</h2>
              <div role="status" className="status-region">
                {statusText && <p className="message success">{statusText}</p>}
              </div>
              {items.length === 0 ? (
                <p>{t('apptSetup.providers.empty')}</p>
              ) : (
                <div className="table-scroll" role="region" aria-labelledby="providers-list" tabIndex={0}>
                  <table className="data-table" aria-labelledby="providers-list">
                    <thead>
                      <tr>
                        <th scope="col">{t('apptSetup.providers.name')}</th>
                        <th scope="col">{t('apptSetup.providers.title')}</th>
                        <th scope="col">{t('apptSetup.providers.languages')}</th>
                        <th scope="col">{t('apptSetup.providers.staffAccount')}</th>
                        <th scope="col">{t('apptSetup.column.state')}</th>
                        <th scope="col">{t('apptSetup.column.actions')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {items.map((provider) => (
                        <tr key={provider.id}>
                          <th scope="row">{provider.name}</th>
                          <td>{provider.title ?? ''}</td>
                          <td>{provider.languages.join(', ')}</td>
                          <td>{staffName(provider.staffAccountId)}</td>
                          <td>{provider.active ? t('apptSetup.active') : t('apptSetup.inactive')}</td>
                          <td>
                            <a href={providerHoursPath(slug, provider.id)} onClick={(event) => followLink(event, navigate)}>
                              {t('apptSetup.providers.hoursLink', { name: provider.name })}
                            </a>
                            {canManage && (
                              <>
                                {' '}
                                <button
                                  type="button"
                                  className="secondary"
                                  onClick={() => {
                                    setEditing(provider.id);
                                    setStatusText(null);
                                    setFocusEdit((count) => count + 1);
                                  }}
                                >
                                  {t('apptSetup.providers.edit', { name: provider.name })}
                                </button>
                              </>
                            )}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}

              {canManage && editingProvider && (
                <section className="settings-form" aria-labelledby="provider-edit-heading">
                  <h2 id="provider-edit-heading" tabIndex={-1} ref={editHeading}>
                    {t('apptSetup.providers.editHeading', { name: editingProvider.name })}
                  </h2>
                  <ProviderEditor
                    key={editingProvider.id}
                    prefix="provider-edit"
                    initial={providerForm(editingProvider)}
                    staff={staff.data ?? []}
                    submitLabel={t('apptSetup.providers.save')}
                    run={(body) => setupApi.updateProvider(slug, editingProvider.id, body)}
                    onSaved={(saved) => {
                      replace(saved);
                      setEditing(null);
                      setStatusText(t('apptSetup.providers.saved', { name: saved.name }));
                    }}
                    onCancel={() => setEditing(null)}
                    onSessionEnded={onSessionEnded}
                  />
                </section>
              )}

              {canManage && (
                <section className="settings-form" aria-labelledby="provider-add-heading">
                  <h2 id="provider-add-heading">{t('apptSetup.providers.addHeading')}</h2>
                  <ProviderEditor
                    prefix="provider-add"
                    initial={providerForm()}
                    staff={staff.data ?? []}
                    submitLabel={t('apptSetup.providers.add')}
                    run={(body) => setupApi.createProvider(slug, body)}
                    onSaved={(saved) => {
                      replace(saved);
                      setStatusText(t('apptSetup.providers.added', { name: saved.name }));
                    }}
                    onSessionEnded={onSessionEnded}
                  />
                </section>
              )}
            </>
          );
        }}
      </QueryState>
    </>
  );
}

interface EditorProps {
  prefix: string;
  initial: ProviderForm;
  staff: readonly { id: string; displayName?: string | null }[];
  submitLabel: string;
  run(body: ProviderBody): Promise<Provider>;
  onSaved(saved: Provider): void;
  onCancel?: () => void;
  onSessionEnded(): void;
}

function ProviderEditor({ prefix, initial, staff, submitLabel, run, onSaved, onCancel, onSessionEnded }: EditorProps) {
  const { t } = useI18n();
  const [form, setForm] = useState<ProviderForm>(initial);
  const [local, setLocal] = useState<Problems<ProviderField>>({});
  const { save, saving, error } = useSetupSave(
    run,
    (saved) => {
      onSaved(saved);
      setForm(initial);
    },
    onSessionEnded,
  );
  const server = serverFieldProblems(error, t);
  const set = <K extends keyof ProviderForm>(field: K, value: ProviderForm[K]) => setForm((current) => ({ ...current, [field]: value }));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (saving) {
      return;
    }
    const problems = checkProvider(form);
    setLocal(problems);
    const first = (['name', 'title', 'languages'] as const).find((field) => problems[field]);
    if (first) {
      document.getElementById(`${prefix}-${first}`)?.focus();
      return;
    }
    save(providerBody(form));
  };

  const staffId = `${prefix}-staffAccountId`;
  const staffProblem = problemText(t, undefined, server.staffAccountId);
  return (
    <form noValidate onSubmit={submit}>
      <TextField id={`${prefix}-name`} label={t('apptSetup.providers.name')} value={form.name} onChange={(value) => set('name', value)} maxLength={200} required problem={problemText(t, local.name, server.name)} />
      <TextField
        id={`${prefix}-title`}
        label={t('apptSetup.providers.titleOptional')}
        help={t('apptSetup.providers.title.help')}
        value={form.title}
        onChange={(value) => set('title', value)}
        maxLength={100}
        problem={problemText(t, local.title, server.title)}
      />
      <TextField
        id={`${prefix}-languages`}
        label={t('apptSetup.providers.languages')}
        help={t('apptSetup.providers.languages.help')}
        value={form.languages}
        onChange={(value) => set('languages', value)}
        problem={problemText(t, local.languages, server.languages)}
      />
      <div className="field">
        <label htmlFor={staffId}>{t('apptSetup.providers.staffAccount')}</label>
        <p className="help" id={`${staffId}-help`}>
          {t('apptSetup.providers.staffAccount.help')}
        </p>
        <select
          id={staffId}
          value={form.staffAccountId}
          onChange={(event) => set('staffAccountId', event.target.value)}
          aria-invalid={staffProblem ? true : undefined}
          aria-describedby={describedBy(`${staffId}-help`, staffProblem && `${staffId}-error`)}
        >
          <option value="">{t('apptSetup.providers.noStaffAccount')}</option>
          {staff.map((member) => (
            <option key={member.id} value={member.id}>
              {member.displayName ?? t('apptSetup.providers.staffUnnamed')}
            </option>
          ))}
        </select>
        <FieldError id={`${staffId}-error`} message={staffProblem} />
      </div>
      <CheckField
        id={`${prefix}-active`}
        label={t('apptSetup.providers.active')}
        help={t('apptSetup.providers.active.help')}
        checked={form.active}
        onChange={(active) => set('active', active)}
      />
      <SaveOutcome saving={saving} saved={null} error={error} notSaved={t('apptSetup.providers.notSaved')} />
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
