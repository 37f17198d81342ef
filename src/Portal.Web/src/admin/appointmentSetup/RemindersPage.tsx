import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { CheckField } from '../../shared/CheckField';
import { FieldError } from '../../shared/FieldError';
import { formatDuration, localeOf } from '../../shared/format';
import { useDocumentTitle, useI18n } from '../../shared/i18n/I18nProvider';
import { QueryState } from '../../shared/QueryState';
import { setupApi, setupKeys, type ReminderSettings, type SaveReminderSettings } from './api';
import { DurationField, LOAD_ERRORS, SettingsFormEnd, SetupHeading, problemText, serverFieldProblems, useSetupSave } from './SetupParts';
import { REMINDER_LIMITS, checkReminders, hasReminderProblems, newRowKey, remindersBody, remindersForm, type ReminderProblems, type RemindersForm } from './setupForms';

interface Props {
  slug: string;
  clinicName: string;
  canManage: boolean;
  onSessionEnded(): void;
}

/** Settings > Appointments > Reminders: how long before an appointment patients are reminded, and what notices may say (A5). */
export function RemindersPage({ slug, clinicName, canManage, onSessionEnded }: Props) {
  const { t } = useI18n();
  useDocumentTitle(t('apptSetup.reminders.pageTitle', { clinic: clinicName }));
  const settings = useQuery({ queryKey: setupKeys.reminders(slug), queryFn: ({ signal }) => setupApi.reminders(slug, signal) });
  return (
    <>
      <SetupHeading title={t('apptSetup.reminders.heading')} />
      <p>{t('apptSetup.reminders.intro')}</p>
      <QueryState query={settings} errorMessages={LOAD_ERRORS} onSessionEnded={onSessionEnded}>
        {(loaded) => <RemindersForm slug={slug} loaded={loaded} canManage={canManage} onSessionEnded={onSessionEnded} />}
      </QueryState>
    </>
  );
}

function RemindersForm({ slug, loaded, canManage, onSessionEnded }: { slug: string; loaded: ReminderSettings; canManage: boolean; onSessionEnded(): void }) {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<RemindersForm>(() => remindersForm(loaded));
  const [local, setLocal] = useState<ReminderProblems>({ rows: {} });
  const [saved, setSaved] = useState<string | null>(null);
  const { save, saving, error } = useSetupSave(
    (body: SaveReminderSettings) => setupApi.saveReminders(slug, body),
    (answer) => {
      queryClient.setQueryData(setupKeys.reminders(slug), answer);
      setForm(remindersForm(answer));
      setSaved(t('apptSetup.reminders.saved'));
    },
    onSessionEnded,
  );
  const server = serverFieldProblems(error, t);
  const update = (next: RemindersForm) => {
    setForm(next);
    setSaved(null);
  };
  const current = settings(loaded, lang, t);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!canManage || saving) {
      return;
    }
    const problems = checkReminders(form);
    setLocal(problems);
    setSaved(null);
    if (hasReminderProblems(problems)) {
      const first = form.offsets.find((row) => problems.rows[row.key]);
      document.getElementById(first ? first.key : 'reminders-offsets')?.focus();
      return;
    }
    save(remindersBody(form));
  };

  const add = () => {
    const key = newRowKey();
    update({ ...form, offsets: [...form.offsets, { key, amount: '', unit: 'hours' }] });
    window.setTimeout(() => document.getElementById(key)?.focus(), 0);
  };

  const allProblem = problemText(t, local.all, server.offsetsMinutes);
  return (
    <>
      <p>{current}</p>
      <form className="settings-form" noValidate onSubmit={submit}>
        <fieldset className="setting" id="reminders-offsets" tabIndex={-1}>
          <legend className="setting-label">{t('apptSetup.reminders.times')}</legend>
          <p className="help">{t('apptSetup.reminders.times.help')}</p>
          {form.offsets.length === 0 && <p>{t('apptSetup.reminders.none')}</p>}
          {form.offsets.map((row, index) => (
            <div className="identifier-fields" key={row.key}>
              <DurationField
                id={row.key}
                label={t('apptSetup.reminders.time', { number: index + 1 })}
                value={row}
                disabled={!canManage}
                onChange={(value) => update({ ...form, offsets: form.offsets.map((other) => (other.key === row.key ? { ...other, ...value } : other)) })}
                problem={problemText(t, local.rows[row.key], undefined)}
                after={<span>{t('apptSetup.reminders.before')}</span>}
              />
              {canManage && (
                <div className="field">
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => {
                      update({ ...form, offsets: form.offsets.filter((other) => other.key !== row.key) });
                      window.setTimeout(() => document.getElementById('reminders-offsets')?.focus(), 0);
                    }}
                  >
                    {t('apptSetup.reminders.remove', { number: index + 1 })}
                  </button>
                </div>
              )}
            </div>
          ))}
          {canManage && form.offsets.length < REMINDER_LIMITS.maxOffsets && (
            <button type="button" className="secondary" onClick={add}>
              {t('apptSetup.reminders.add')}
            </button>
          )}
          <FieldError id="reminders-offsets-error" message={allProblem} />
        </fieldset>
        <CheckField
          id="reminders-nameType"
          label={t('apptSetup.reminders.nameType')}
          help={t('apptSetup.reminders.nameType.help')}
          checked={form.nameAppointmentType}
          disabled={!canManage}
          onChange={(nameAppointmentType) => update({ ...form, nameAppointmentType })}
        />
        <SettingsFormEnd canManage={canManage} saving={saving} saved={saved} error={error} submitLabel={t('apptSetup.reminders.save')} notSaved={t('apptSetup.reminders.notSaved')} />
      </form>
    </>
  );
}

/** What the clinic has now, in words: "Patients are reminded 2 days and 2 hours before…". */
function settings(loaded: ReminderSettings, lang: 'en' | 'fr', t: (key: string, params?: Record<string, string | number>) => string): string {
  if (loaded.offsetsMinutes.length === 0) {
    return t('apptSetup.reminders.currentNone');
  }
  const times = new Intl.ListFormat(localeOf(lang), { type: 'conjunction' }).format(loaded.offsetsMinutes.map((minutes) => formatDuration(minutes, lang, t)));
  return loaded.isDefault ? t('apptSetup.reminders.currentDefault', { times }) : t('apptSetup.reminders.current', { times });
}
