import { useQuery } from '@tanstack/react-query';
import { CheckField } from '../../shared/CheckField';
import { useDocumentTitle, useI18n } from '../../shared/i18n/I18nProvider';
import { QueryState } from '../../shared/QueryState';
import { SelectField } from '../SelectField';
import { followLink, type Navigate } from '../../shared/useLocationPath';
import { setupApi, setupKeys, type Provider } from './api';
import { LOAD_ERRORS, SetupFormEnd, SetupHeading, SetupResourceList, TextField, problemText, useSetupEditor, useSetupResource, type ResourceEditorProps } from './SetupParts';
import { checkProvider, providerBody, providerForm } from './setupForms';
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
  const providers = useQuery({ queryKey: setupKeys.providers(slug), queryFn: ({ signal }) => setupApi.providers(slug, signal) });
  const staff = useQuery({ queryKey: setupKeys.staff(slug), queryFn: ({ signal }) => setupApi.staff(slug, signal) });
  const resource = useSetupResource<Provider>(setupKeys.providers(slug));

  const staffName = (id: string | null) => (id ? (staff.data?.find((member) => member.id === id)?.displayName ?? t('apptSetup.providers.staffUnnamed')) : t('apptSetup.none'));

  return (
    <>
      <SetupHeading title={t('apptSetup.providers.heading')} />
      <p>{t('apptSetup.providers.intro')}</p>
      {!canManage && <p className="message note">{t('apptSetup.readOnly')}</p>}
      <QueryState query={providers} errorMessages={LOAD_ERRORS} onSessionEnded={onSessionEnded}>
        {({ items }) => (
          <SetupResourceList
            resource={resource}
            items={items}
            canManage={canManage}
            messages="providers"
            idStem="provider"
            name={(provider) => provider.name}
            columns={[t('apptSetup.providers.name'), t('apptSetup.providers.title'), t('apptSetup.providers.languages'), t('apptSetup.providers.staffAccount')]}
            cells={(provider) => (
              <>
                <td>{provider.title ?? ''}</td>
                <td>{provider.languages.join(', ')}</td>
                <td>{staffName(provider.staffAccountId)}</td>
              </>
            )}
            links={(provider) => (
              <a href={providerHoursPath(slug, provider.id)} onClick={(event) => followLink(event, navigate)}>
                {t('apptSetup.providers.hoursLink', { name: provider.name })}
              </a>
            )}
            editor={(props) => <ProviderEditor {...props} slug={slug} staff={staff.data ?? []} onSessionEnded={onSessionEnded} />}
          />
        )}
      </QueryState>
    </>
  );
}

interface EditorProps extends ResourceEditorProps<Provider> {
  slug: string;
  staff: readonly { id: string; displayName?: string | null }[];
  onSessionEnded(): void;
}

function ProviderEditor({ prefix, item, staff, submitLabel, onSaved, onCancel, slug, onSessionEnded }: EditorProps) {
  const { t } = useI18n();
  const { form, set, server, saving, error, submit, problem } = useSetupEditor({
    prefix,
    initial: providerForm(item ?? undefined),
    check: checkProvider,
    order: ['name', 'title', 'languages'],
    toBody: providerBody,
    run: (body) => (item ? setupApi.updateProvider(slug, item.id, body) : setupApi.createProvider(slug, body)),
    onSaved,
    onSessionEnded,
  });

  return (
    <form noValidate onSubmit={submit}>
      <TextField id={`${prefix}-name`} label={t('apptSetup.providers.name')} value={form.name} onChange={(value) => set('name', value)} maxLength={200} required problem={problem('name')} />
      <TextField
        id={`${prefix}-title`}
        label={t('apptSetup.providers.titleOptional')}
        help={t('apptSetup.providers.title.help')}
        value={form.title}
        onChange={(value) => set('title', value)}
        maxLength={100}
        problem={problem('title')}
      />
      <TextField
        id={`${prefix}-languages`}
        label={t('apptSetup.providers.languages')}
        help={t('apptSetup.providers.languages.help')}
        value={form.languages}
        onChange={(value) => set('languages', value)}
        problem={problem('languages')}
      />
      <SelectField
        id={`${prefix}-staffAccountId`}
        label={t('apptSetup.providers.staffAccount')}
        help={t('apptSetup.providers.staffAccount.help')}
        value={form.staffAccountId}
        onChange={(value) => set('staffAccountId', value)}
        placeholder={t('apptSetup.providers.noStaffAccount')}
        options={staff.map((member) => ({ id: member.id, label: member.displayName ?? t('apptSetup.providers.staffUnnamed') }))}
        problem={problemText(t, undefined, server.staffAccountId)}
      />
      <CheckField
        id={`${prefix}-active`}
        label={t('apptSetup.providers.active')}
        help={t('apptSetup.providers.active.help')}
        checked={form.active}
        onChange={(active) => set('active', active)}
      />
      <SetupFormEnd saving={saving} error={error} notSaved={t('apptSetup.providers.notSaved')} submitLabel={submitLabel} onCancel={onCancel} />
    </form>
  );
}
