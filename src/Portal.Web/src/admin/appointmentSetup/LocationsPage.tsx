import { useQuery } from '@tanstack/react-query';
import { CheckField } from '../../shared/CheckField';
import { useDocumentTitle, useI18n } from '../../shared/i18n/I18nProvider';
import { QueryState } from '../../shared/QueryState';
import { setupApi, setupKeys, type Location } from './api';
import { LOAD_ERRORS, SetupFormEnd, SetupHeading, SetupResourceList, TextField, useSetupEditor, useSetupResource, type ResourceEditorProps } from './SetupParts';
import { checkLocation, locationBody, locationForm } from './setupForms';

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
  const locations = useQuery({ queryKey: setupKeys.locations(slug), queryFn: ({ signal }) => setupApi.locations(slug, signal) });
  const resource = useSetupResource<Location>(setupKeys.locations(slug));

  return (
    <>
      <SetupHeading title={t('apptSetup.locations.heading')} />
      <p>{t('apptSetup.locations.intro')}</p>
      {!canManage && <p className="message note">{t('apptSetup.readOnly')}</p>}
      <QueryState query={locations} errorMessages={LOAD_ERRORS} onSessionEnded={onSessionEnded}>
        {({ items }) => (
          <SetupResourceList
            resource={resource}
            items={items}
            canManage={canManage}
            messages="locations"
            idStem="location"
            name={(location) => location.name}
            columns={[t('apptSetup.locations.name'), t('apptSetup.locations.address')]}
            cells={(location) => <td className="pre-line">{location.address ?? ''}</td>}
            editor={(props) => <LocationEditor {...props} slug={slug} onSessionEnded={onSessionEnded} />}
          />
        )}
      </QueryState>
    </>
  );
}

function LocationEditor({ prefix, item, submitLabel, onSaved, onCancel, slug, onSessionEnded }: ResourceEditorProps<Location> & { slug: string; onSessionEnded(): void }) {
  const { t } = useI18n();
  const { form, set, saving, error, submit, problem } = useSetupEditor({
    prefix,
    initial: locationForm(item ?? undefined),
    check: checkLocation,
    order: ['name', 'address'],
    toBody: locationBody,
    run: (body) => (item ? setupApi.updateLocation(slug, item.id, body) : setupApi.createLocation(slug, body)),
    onSaved,
    onSessionEnded,
  });

  return (
    <form noValidate onSubmit={submit}>
      <TextField id={`${prefix}-name`} label={t('apptSetup.locations.name')} value={form.name} onChange={(name) => set('name', name)} maxLength={200} required problem={problem('name')} />
      <TextField
        id={`${prefix}-address`}
        label={t('apptSetup.locations.addressOptional')}
        help={t('apptSetup.locations.address.help')}
        value={form.address}
        onChange={(address) => set('address', address)}
        maxLength={500}
        multiline
        problem={problem('address')}
      />
      <CheckField
        id={`${prefix}-active`}
        label={t('apptSetup.locations.active')}
        help={t('apptSetup.locations.active.help')}
        checked={form.active}
        onChange={(active) => set('active', active)}
      />
      <SetupFormEnd saving={saving} error={error} notSaved={t('apptSetup.locations.notSaved')} submitLabel={submitLabel} onCancel={onCancel} />
    </form>
  );
}
