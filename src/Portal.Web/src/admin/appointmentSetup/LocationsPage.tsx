import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { CheckField } from '../../shared/CheckField';
import { useDocumentTitle, useI18n } from '../../shared/i18n/I18nProvider';
import { QueryState } from '../../shared/QueryState';
import { setupApi, setupKeys, type Location, type LocationBody } from './api';
import { LOAD_ERRORS, SaveOutcome, SetupHeading, TextField, byActiveThenName, problemText, serverFieldProblems, useSetupSave } from './SetupParts';
import { checkLocation, locationBody, locationForm, type LocationField, type LocationForm, type Problems } from './setupForms';

interface Props {
  slug: string;
  clinicName: string;
  canManage: boolean;
  onSessionEnded(): void;
}

/** Settings > Appointments > Locations: the places where providers see patients in person. */
export function LocationsPage({ slug, clinicName, canManage, onSessionEnded }: Props) {
  const { t } = useI18n();
  useDocumentTitle(t('apptSetup.locations.pageTitle', { clinic: clinicName }));
  const queryClient = useQueryClient();
  const locations = useQuery({ queryKey: setupKeys.locations(slug), queryFn: ({ signal }) => setupApi.locations(slug, signal) });
  const [editing, setEditing] = useState<string | null>(null);
  const [statusText, setStatusText] = useState<string | null>(null);
  const editHeading = useRef<HTMLHeadingElement>(null);
  const [focusEdit, setFocusEdit] = useState(0);

  useEffect(() => {
    if (focusEdit > 0) {
      editHeading.current?.focus();
    }
  }, [focusEdit]);

  const replace = (saved: Location) =>
    queryClient.setQueryData<{ items: Location[] }>(setupKeys.locations(slug), (current) => ({
      items: byActiveThenName([...(current?.items ?? []).filter((item) => item.id !== saved.id), saved]),
    }));

  return (
    <>
      <SetupHeading title={t('apptSetup.locations.heading')} />
      <p>{t('apptSetup.locations.intro')}</p>
      {!canManage && <p className="message note">{t('apptSetup.readOnly')}</p>}
      <QueryState query={locations} errorMessages={LOAD_ERRORS} onSessionEnded={onSessionEnded}>
        {({ items }) => {
          const editingLocation = editing ? (items.find((item) => item.id === editing) ?? null) : null;
          return (
            <>
              <h2 id="locations-list">{t('apptSetup.locations.list')}</h2>
              <div role="status" className="status-region">
                {statusText && <p className="message success">{statusText}</p>}
              </div>
              {items.length === 0 ? (
                <p>{t('apptSetup.locations.empty')}</p>
              ) : (
                <div className="table-scroll" role="region" aria-labelledby="locations-list" tabIndex={0}>
                  <table className="data-table" aria-labelledby="locations-list">
                    <thead>
                      <tr>
                        <th scope="col">{t('apptSetup.locations.name')}</th>
                        <th scope="col">{t('apptSetup.locations.address')}</th>
                        <th scope="col">{t('apptSetup.column.state')}</th>
                        {canManage && <th scope="col">{t('apptSetup.column.actions')}</th>}
                      </tr>
                    </thead>
                    <tbody>
                      {items.map((location) => (
                        <tr key={location.id}>
                          <th scope="row">{location.name}</th>
                          <td className="pre-line">{location.address ?? ''}</td>
                          <td>{location.active ? t('apptSetup.active') : t('apptSetup.inactive')}</td>
                          {canManage && (
                            <td>
                              <button
                                type="button"
                                className="secondary"
                                onClick={() => {
                                  setEditing(location.id);
                                  setStatusText(null);
                                  setFocusEdit((count) => count + 1);
                                }}
                              >
                                {t('apptSetup.locations.edit', { name: location.name })}
                              </button>
                            </td>
                          )}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}

              {canManage && editingLocation && (
                <section className="settings-form" aria-labelledby="location-edit-heading">
                  <h2 id="location-edit-heading" tabIndex={-1} ref={editHeading}>
                    {t('apptSetup.locations.editHeading', { name: editingLocation.name })}
                  </h2>
                  <LocationEditor
                    key={editingLocation.id}
                    prefix="location-edit"
                    initial={locationForm(editingLocation)}
                    submitLabel={t('apptSetup.locations.save')}
                    run={(body) => setupApi.updateLocation(slug, editingLocation.id, body)}
                    onSaved={(saved) => {
                      replace(saved);
                      setEditing(null);
                      setStatusText(t('apptSetup.locations.saved', { name: saved.name }));
                    }}
                    onCancel={() => setEditing(null)}
                    onSessionEnded={onSessionEnded}
                  />
                </section>
              )}

              {canManage && (
                <section className="settings-form" aria-labelledby="location-add-heading">
                  <h2 id="location-add-heading">{t('apptSetup.locations.addHeading')}</h2>
                  <LocationEditor
                    prefix="location-add"
                    initial={locationForm()}
                    submitLabel={t('apptSetup.locations.add')}
                    run={(body) => setupApi.createLocation(slug, body)}
                    onSaved={(saved) => {
                      replace(saved);
                      setStatusText(t('apptSetup.locations.added', { name: saved.name }));
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
  initial: LocationForm;
  submitLabel: string;
  run(body: LocationBody): Promise<Location>;
  onSaved(saved: Location): void;
  onCancel?: () => void;
  onSessionEnded(): void;
}

function LocationEditor({ prefix, initial, submitLabel, run, onSaved, onCancel, onSessionEnded }: EditorProps) {
  const { t } = useI18n();
  const [form, setForm] = useState<LocationForm>(initial);
  const [local, setLocal] = useState<Problems<LocationField>>({});
  const { save, saving, error } = useSetupSave(
    run,
    (saved) => {
      onSaved(saved);
      setForm(initial);
    },
    onSessionEnded,
  );
  const server = serverFieldProblems(error, t);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (saving) {
      return;
    }
    const problems = checkLocation(form);
    setLocal(problems);
    const first = (['name', 'address'] as const).find((field) => problems[field]);
    if (first) {
      document.getElementById(`${prefix}-${first}`)?.focus();
      return;
    }
    save(locationBody(form));
  };

  return (
    <form noValidate onSubmit={submit}>
      <TextField
        id={`${prefix}-name`}
        label={t('apptSetup.locations.name')}
        value={form.name}
        onChange={(name) => setForm((current) => ({ ...current, name }))}
        maxLength={200}
        required
        problem={problemText(t, local.name, server.name)}
      />
      <TextField
        id={`${prefix}-address`}
        label={t('apptSetup.locations.addressOptional')}
        help={t('apptSetup.locations.address.help')}
        value={form.address}
        onChange={(address) => setForm((current) => ({ ...current, address }))}
        maxLength={500}
        multiline
        problem={problemText(t, local.address, server.address)}
      />
      <CheckField
        id={`${prefix}-active`}
        label={t('apptSetup.locations.active')}
        help={t('apptSetup.locations.active.help')}
        checked={form.active}
        onChange={(active) => setForm((current) => ({ ...current, active }))}
      />
      <SaveOutcome saving={saving} saved={null} error={error} notSaved={t('apptSetup.locations.notSaved')} />
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
