import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../shared/api';
import { errorMessage, fieldMessages, type CodeMessages } from '../../shared/errors';
import { useDocumentTitle, useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey } from '../../shared/i18n/translate';
import { QueryState } from '../../shared/QueryState';
import { CheckField } from '../../shared/CheckField';
import { FieldError } from '../../shared/FieldError';
import { clinicAdminPath } from '../routes';
import { followLink, type Navigate } from '../../shared/useLocationPath';
import { registrationApi, registrationKeys, type ClinicIdType, type IdTypes } from './api';
import { FIELD_CODE_KEYS, describedBy } from './labels';
import { checkIdTypeForm, type IdTypeForm } from './idTypeForm';
import { DataTable } from '../DataTable';

const SAVE_ERRORS: CodeMessages = {
  validation_failed: msgKey('idTypes.error.fields'),
  id_type_exists: msgKey('fieldCode.id_type_exists'),
  id_type_not_found: msgKey('idTypes.error.notFound'),
  forbidden: msgKey('idTypes.error.forbidden'),
};

const LOAD_ERRORS: CodeMessages = { forbidden: msgKey('admin.forbidden') };

interface Props {
  slug: string;
  clinicName: string;
  /** Owners and administrators change ID types; everyone else only sees them. */
  canManage: boolean;
  navigate: Navigate;
  onSessionEnded(): void;
}

/** Settings > ID types: the clinic's own ID types (e.g. a hospital's record number), beside the provincial health cards. */
export function IdTypesPage({ slug, clinicName, canManage, navigate, onSessionEnded }: Props) {
  const { t, lang } = useI18n();
  useDocumentTitle(t('idTypes.pageTitle', { clinic: clinicName }));
  const queryClient = useQueryClient();
  const idTypesQuery = useQuery({ queryKey: registrationKeys.idTypes(slug), queryFn: ({ signal }) => registrationApi.idTypes(slug, signal) });
  const idTypes = idTypesQuery.data ?? null;
  const setIdTypes = (update: (current: IdTypes | undefined) => IdTypes | undefined) =>
    queryClient.setQueryData<IdTypes>(registrationKeys.idTypes(slug), update);
  const [editing, setEditing] = useState<string | null>(null);
  const [statusText, setStatusText] = useState<string | null>(null);
  const editHeading = useRef<HTMLHeadingElement>(null);
  const [focusEdit, setFocusEdit] = useState(0);

  useEffect(() => {
    if (focusEdit > 0) {
      editHeading.current?.focus();
    }
  }, [focusEdit]);

  const settingsPath = clinicAdminPath(slug, 'settings/portal');

  if (!idTypes) {
    return (
      <>
        <p className="breadcrumb">{t('admin.nav.settings')}</p>
        <h1>{t('idTypes.heading')}</h1>
        <QueryState query={idTypesQuery} errorMessages={LOAD_ERRORS} onSessionEnded={onSessionEnded}>
          {() => null}
        </QueryState>
      </>
    );
  }

  const types = idTypes.clinicTypes;
  const editingType = editing ? types.find((type) => type.code === editing) ?? null : null;
  const replace = (saved: ClinicIdType) =>
    setIdTypes((current) =>
      current
        ? {
            ...current,
            clinicTypes: [...current.clinicTypes.filter((type) => type.code !== saved.code), saved].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)),
          }
        : current,
    );
  const name = (type: ClinicIdType) => (lang === 'fr' ? type.nameFr : type.nameEn);

  return (
    <>
      <p className="breadcrumb">{t('admin.nav.settings')}</p>
      <h1>{t('idTypes.heading')}</h1>
      <p>{t('idTypes.intro')}</p>
      <div className={idTypes.extraSearchableIdsEnabled ? 'message success' : 'message note'}>
        <p>{idTypes.extraSearchableIdsEnabled ? t('idTypes.signIn.on') : t('idTypes.signIn.off')}</p>
        <p>
          <a href={settingsPath} onClick={(event) => followLink(event, navigate)}>
            {t('idTypes.signIn.settingsLink')}
          </a>
        </p>
      </div>
      {!canManage && <p className="message note">{t('idTypes.readOnly')}</p>}

      <h2 id="id-types-list">{t('idTypes.list.heading')}</h2>
      <div role="status" className="status-region">
        {statusText && <p className="message success">{statusText}</p>}
      </div>
      {types.length === 0 ? (
        <p>{t('idTypes.list.empty')}</p>
      ) : (
        <DataTable labelledBy="id-types-list">
          <thead>
            <tr>
              <th scope="col">{t('idTypes.field.code')}</th>
              <th scope="col">{t('idTypes.field.nameEn')}</th>
              <th scope="col">{t('idTypes.field.nameFr')}</th>
              <th scope="col">{t('idTypes.column.searchable')}</th>
              {canManage && <th scope="col">{t('idTypes.column.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {types.map((type) => (
              <tr key={type.code}>
                <th scope="row">
                  <code>{type.code}</code>
                </th>
                <td lang="en">{type.nameEn}</td>
                <td lang="fr">{type.nameFr}</td>
                <td>{type.searchable ? t('idTypes.searchable.yes') : t('idTypes.searchable.no')}</td>
                {canManage && (
                  <td>
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => {
                        setEditing(type.code);
                        setStatusText(null);
                        setFocusEdit((count) => count + 1);
                      }}
                    >
                      {t('idTypes.edit', { name: name(type) })}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
                </DataTable>
      )}

      {canManage && editingType && (
        <section className="settings-form" aria-labelledby="id-type-edit-heading">
          <h2 id="id-type-edit-heading" tabIndex={-1} ref={editHeading}>
            {t('idTypes.edit.heading', { code: editingType.code })}
          </h2>
          <IdTypeEditor
            key={editingType.code}
            mode="edit"
            initial={{ code: editingType.code, nameEn: editingType.nameEn, nameFr: editingType.nameFr, searchable: editingType.searchable }}
            submitLabel={t('idTypes.edit.save')}
            onCancel={() => setEditing(null)}
            save={(form) => registrationApi.updateIdType(slug, form.code, { nameEn: form.nameEn.trim(), nameFr: form.nameFr.trim(), searchable: form.searchable })}
            onSaved={(saved) => {
              replace(saved);
              setEditing(null);
              setStatusText(t('idTypes.edit.saved', { code: saved.code }));
            }}
            onSessionEnded={onSessionEnded}
          />
        </section>
      )}

      {canManage && (
        <section className="settings-form" aria-labelledby="id-type-add-heading">
          <h2 id="id-type-add-heading">{t('idTypes.add.heading')}</h2>
          <IdTypeEditor
            mode="add"
            initial={{ code: '', nameEn: '', nameFr: '', searchable: false }}
            submitLabel={t('idTypes.add.submit')}
            save={(form) =>
              registrationApi.createIdType(slug, { code: form.code.trim().toUpperCase(), nameEn: form.nameEn.trim(), nameFr: form.nameFr.trim(), searchable: form.searchable })
            }
            onSaved={(saved) => {
              replace(saved);
              setStatusText(t('idTypes.add.saved', { code: saved.code }));
            }}
            onSessionEnded={onSessionEnded}
          />
        </section>
      )}
    </>
  );
}

interface EditorProps {
  mode: 'add' | 'edit';
  initial: IdTypeForm;
  submitLabel: string;
  save(form: IdTypeForm): Promise<ClinicIdType>;
  onSaved(saved: ClinicIdType): void;
  onCancel?: () => void;
  onSessionEnded(): void;
}

/** The fields of an ID type: its code (when adding), its names in English and French, and whether patients may sign in with it. */
function IdTypeEditor({ mode, initial, submitLabel, save, onSaved, onCancel, onSessionEnded }: EditorProps) {
  const { t } = useI18n();
  const [form, setForm] = useState<IdTypeForm>(initial);
  const [local, setLocal] = useState<Partial<Record<keyof IdTypeForm, string>>>({});
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const prefix = `id-type-${mode}`;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (saving) {
      return;
    }
    const problems = checkIdTypeForm(form, mode);
    setLocal(problems);
    setError(null);
    if (Object.keys(problems).length > 0) {
      const first = Object.keys(problems)[0]!;
      document.getElementById(`${prefix}-${first}`)?.focus();
      return;
    }
    setSaving(true);
    try {
      const saved = await save(form);
      onSaved(saved);
      if (mode === 'add') {
        setForm(initial);
      }
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 401) {
        onSessionEnded();
        return;
      }
      setError(caught);
    } finally {
      setSaving(false);
    }
  };

  const server = fieldMessages(error, t, FIELD_CODE_KEYS);
  if (error instanceof ApiError && error.code === 'id_type_exists') {
    server.code = [t('fieldCode.id_type_exists')];
  }
  const problemAt = (field: keyof IdTypeForm): string | null => {
    const key = local[field];
    const messages = [...(key ? [t(key)] : []), ...(server[field] ?? [])];
    return messages.length > 0 ? [...new Set(messages)].join(' ') : null;
  };

  const text = (field: 'code' | 'nameEn' | 'nameFr', label: string, options: { maxLength: number; help?: string; lang?: string }) => {
    const id = `${prefix}-${field}`;
    const problem = problemAt(field);
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        {options.help && (
          <p className="help" id={`${id}-help`}>
            {options.help}
          </p>
        )}
        <input
          id={id}
          type="text"
          lang={options.lang}
          autoComplete="off"
          spellCheck={field !== 'code'}
          maxLength={options.maxLength}
          required
          value={form[field]}
          onChange={(event) => setForm((current) => ({ ...current, [field]: event.target.value }))}
          aria-invalid={problem ? true : undefined}
          aria-describedby={describedBy(options.help && `${id}-help`, problem && `${id}-error`)}
        />
        <FieldError id={`${id}-error`} message={problem} />
      </div>
    );
  };

  const searchableId = `${prefix}-searchable`;
  return (
    <form noValidate onSubmit={submit}>
      {mode === 'add' && text('code', t('idTypes.field.code'), { maxLength: 16, help: t('idTypes.field.code.help') })}
      {text('nameEn', t('idTypes.field.nameEn'), { maxLength: 100, lang: 'en' })}
      {text('nameFr', t('idTypes.field.nameFr'), { maxLength: 100, lang: 'fr' })}
      <CheckField
        id={searchableId}
        label={t('idTypes.field.searchable')}
        help={t('idTypes.field.searchable.help')}
        checked={form.searchable}
        onChange={(searchable) => setForm((current) => ({ ...current, searchable }))}
      />
      {error !== null && (
        <div role="alert" className="message error">
          <p>
            <strong>{mode === 'add' ? t('idTypes.add.notSaved') : t('idTypes.edit.notSaved')}</strong> {errorMessage(error, t, SAVE_ERRORS)}
          </p>
        </div>
      )}
      <div className="form-actions">
        <button type="submit" aria-disabled={saving ? true : undefined}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel}>
            {t('idTypes.edit.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
