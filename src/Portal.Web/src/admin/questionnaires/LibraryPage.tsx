import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { ApiError } from '../../shared/api';
import { useClinicZone } from '../../shared/clinicZone';
import { errorMessage } from '../../shared/errors';
import { FieldError, describedBy } from '../../shared/FieldError';
import { formatDateTime } from '../../shared/format';
import { useDocumentTitle, useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey } from '../../shared/i18n/translate';
import { QueryState } from '../../shared/QueryState';
import { followLink, type Navigate } from '../../shared/useLocationPath';
import { setupApi, setupKeys, type AppointmentType } from '../appointmentSetup/api';
import { DataTable } from '../DataTable';
import { questionnairePreviewPath } from '../routes';
import { libraryApi, libraryKeys, versionTitle, type Lang, type LibraryEntry, type PreVisitTask } from './api';
import { importProblems, IMPORT_ERRORS } from './importProblems';

interface Props {
  slug: string;
  clinicName: string;
  canManage: boolean;
  navigate: Navigate;
  onSessionEnded(): void;
}

const LOAD_ERRORS = { forbidden: msgKey('admin.forbidden') };

/** Settings > Questionnaires: the clinic's library (each version, in English and French), importing a FHIR Questionnaire, and pre-visit tasks. */
export function LibraryPage({ slug, clinicName, canManage, navigate, onSessionEnded }: Props) {
  const { t } = useI18n();
  useDocumentTitle(t('questionnaires.library.pageTitle', { clinic: clinicName }));
  const library = useQuery({ queryKey: libraryKeys.library(slug), queryFn: ({ signal }) => libraryApi.list(slug, signal) });
  return (
    <>
      <p className="breadcrumb">{t('admin.nav.settings')}</p>
      <h1>{t('questionnaires.library.heading')}</h1>
      <p>{t('questionnaires.library.intro')}</p>
      {!canManage && <p className="message note">{t('questionnaires.library.readOnly')}</p>}
      <QueryState query={library} errorMessages={LOAD_ERRORS} onSessionEnded={onSessionEnded}>
        {({ items }) => (
          <>
            <LibraryTable slug={slug} items={items} navigate={navigate} />
            {canManage && <ImportForm slug={slug} navigate={navigate} onSessionEnded={onSessionEnded} />}
            <PreVisitTasksSection slug={slug} items={items} canManage={canManage} onSessionEnded={onSessionEnded} />
          </>
        )}
      </QueryState>
    </>
  );
}

function LibraryTable({ slug, items, navigate }: { slug: string; items: readonly LibraryEntry[]; navigate: Navigate }) {
  const { t, lang } = useI18n();
  const zone = useClinicZone();
  return (
    // The table's own scrolling region carries the heading's name: the section is no second landmark of that name.
    <section>
      <h2 id="library-heading">{t('questionnaires.library.list')}</h2>
      <DataTable labelledBy="library-heading">
        <thead>
          <tr>
            <th scope="col">{t('questionnaires.library.title')}</th>
            <th scope="col">{t('questionnaires.library.version')}</th>
            <th scope="col">{t('questionnaires.library.imported')}</th>
            <th scope="col">{t('questionnaires.library.preview')}</th>
          </tr>
        </thead>
        <tbody>
          {items.flatMap((entry) =>
            entry.versions.map((version, index) => {
              const title = versionTitle(version, lang);
              return (
                <tr key={version.id}>
                  <th scope="row">
                    {title}
                    {entry.starter && index === 0 && <span className="help"> {t('questionnaires.library.starter')}</span>}
                  </th>
                  <td>
                    {version.version}
                    {index === 0 && entry.versions.length > 1 && <> ({t('questionnaires.library.newest')})</>}
                  </td>
                  <td>{formatDateTime(version.importedAt, lang, zone)}</td>
                  <td>
                    {version.languages.map((text) => (
                      <span key={text.language}>
                        <a
                          href={questionnairePreviewPath(slug, entry.id, version.id, text.language as Lang)}
                          onClick={(event) => followLink(event, navigate)}
                        >
                          {t(text.language === 'fr' ? 'questionnaires.library.previewFr' : 'questionnaires.library.previewEn')}{' '}
                          <span className="visually-hidden">{t('questionnaires.library.previewOf', { title, version: version.version })}</span>
                        </a>{' '}
                      </span>
                    ))}
                  </td>
                </tr>
              );
            }),
          )}
        </tbody>
      </DataTable>
    </section>
  );
}

/** Paste a FHIR Questionnaire or choose its file; the server's problems are listed by place (a link id, or a part of the resource). */
function ImportForm({ slug, navigate, onSessionEnded }: { slug: string; navigate: Navigate; onSessionEnded(): void }) {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const id = useId();
  const [text, setText] = useState('');
  const [localProblem, setLocalProblem] = useState<string | null>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  const problemsRef = useRef<HTMLDivElement>(null);
  const importing = useMutation({
    mutationFn: (resource: unknown) => libraryApi.import(slug, resource),
    onSuccess: (entry) => {
      setText('');
      setFileName(null);
      void queryClient.invalidateQueries({ queryKey: libraryKeys.all(slug) });
      return entry;
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 401) {
        onSessionEnded();
      }
    },
  });
  // The refusal takes the focus once it is on the page, so its problems are read out first.
  useEffect(() => {
    if (importing.error) {
      problemsRef.current?.focus();
    }
  }, [importing.error]);

  const readFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) {
      return;
    }
    setFileName(file.name);
    setText(await file.text());
    setLocalProblem(null);
    importing.reset();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    importing.reset();
    let resource: unknown;
    try {
      resource = JSON.parse(text);
    } catch {
      setLocalProblem(text.trim() === '' ? t('questionnaires.import.empty') : t('questionnaires.import.notJson'));
      document.getElementById(`${id}-json`)?.focus();
      return;
    }
    if (resource === null || typeof resource !== 'object' || Array.isArray(resource)) {
      setLocalProblem(t('questionnaires.import.notObject'));
      document.getElementById(`${id}-json`)?.focus();
      return;
    }
    setLocalProblem(null);
    importing.mutate(resource);
  };

  const problems = importing.isError ? importProblems(importing.error, t) : [];
  const imported = importing.data;
  const newest = imported?.versions[0];
  return (
    <section aria-labelledby="import-heading">
      <h2 id="import-heading">{t('questionnaires.import.heading')}</h2>
      <p>{t('questionnaires.import.intro')}</p>
      <form noValidate onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${id}-json`}>{t('questionnaires.import.json')}</label>
          <p className="help" id={`${id}-json-help`}>
            {t('questionnaires.import.json.help')}
          </p>
          <textarea
            id={`${id}-json`}
            rows={10}
            spellCheck={false}
            value={text}
            onChange={(event) => {
              setText(event.target.value);
              setFileName(null);
              setLocalProblem(null);
            }}
            aria-invalid={localProblem ? true : undefined}
            aria-describedby={describedBy(`${id}-json-help`, localProblem && `${id}-json-error`)}
          />
          <FieldError id={`${id}-json-error`} message={localProblem} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-file`}>{t('questionnaires.import.file')}</label>
          <input id={`${id}-file`} type="file" accept=".json,application/json,application/fhir+json" onChange={(event) => void readFile(event)} />
          {fileName && <p className="help">{t('questionnaires.import.fileRead', { name: fileName })}</p>}
        </div>
        <p>
          <button type="submit" disabled={importing.isPending}>
            {t('questionnaires.import.submit')}
          </button>
        </p>
      </form>
      <div role="status" className="status-region">
        {importing.isPending ? (
          <p>{t('questionnaires.import.importing')}</p>
        ) : imported && newest ? (
          <div className="message success">
            <p>
              {t('questionnaires.import.done', { title: versionTitle(newest, lang), version: newest.version })}{' '}
              <a
                href={questionnairePreviewPath(slug, imported.id, newest.id, lang)}
                onClick={(event) => followLink(event, navigate)}
              >
                {t('questionnaires.import.previewIt')}
              </a>
            </p>
          </div>
        ) : null}
      </div>
      {importing.isError && (
        <div role="alert" className="message error" ref={problemsRef} tabIndex={-1}>
          <p>{errorMessage(importing.error, t, IMPORT_ERRORS)}</p>
          {problems.length > 0 && (
            <ul>
              {problems.map((problem) => (
                <li key={`${problem.place}-${problem.message}`}>
                  {problem.place ? (
                    <>
                      <code>{problem.place}</code>: {problem.message}
                    </>
                  ) : (
                    problem.message
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

/** For each appointment type, the questionnaires its patients fill in before the visit, and how long before it each is due. */
function PreVisitTasksSection({ slug, items, canManage, onSessionEnded }: { slug: string; items: readonly LibraryEntry[]; canManage: boolean; onSessionEnded(): void }) {
  const { t } = useI18n();
  const types = useQuery({ queryKey: setupKeys.types(slug), queryFn: ({ signal }) => setupApi.types(slug, signal) });
  const tasks = useQuery({ queryKey: libraryKeys.preVisit(slug), queryFn: ({ signal }) => libraryApi.preVisitTasks(slug, signal) });
  return (
    <section aria-labelledby="pre-visit-heading">
      <h2 id="pre-visit-heading">{t('questionnaires.preVisit.heading')}</h2>
      <p>{t('questionnaires.preVisit.intro')}</p>
      <QueryState query={types} errorMessages={LOAD_ERRORS} onSessionEnded={onSessionEnded}>
        {(typeList) => (
          <QueryState
            query={tasks}
            errorMessages={LOAD_ERRORS}
            onSessionEnded={onSessionEnded}
            isEmpty={() => typeList.items.length === 0}
            empty={t('questionnaires.preVisit.noTypes')}
          >
            {(taskList) =>
              typeList.items.map((type) => (
                <TypeTasks
                  key={type.id}
                  slug={slug}
                  type={type}
                  items={items}
                  current={taskList.items.find((entry) => entry.appointmentTypeId === type.id)?.tasks ?? []}
                  canManage={canManage}
                  onSessionEnded={onSessionEnded}
                />
              ))
            }
          </QueryState>
        )}
      </QueryState>
    </section>
  );
}

const DEFAULT_DUE_HOURS = '24';
const MAX_DUE_HOURS = 720;

interface TypeTasksProps {
  slug: string;
  type: AppointmentType;
  items: readonly LibraryEntry[];
  current: readonly PreVisitTask[];
  canManage: boolean;
  onSessionEnded(): void;
}

function TypeTasks({ slug, type, items, current, canManage, onSessionEnded }: TypeTasksProps) {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const id = useId();
  const initial = () => Object.fromEntries(current.map((task) => [task.questionnaireId, String(task.dueMinutesBefore / 60)]));
  // Chosen questionnaires, in the order chosen, with the hours before the visit each is due.
  const [chosen, setChosen] = useState<Record<string, string>>(initial);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (next: PreVisitTask[]) => libraryApi.setPreVisitTasks(slug, type.id, next),
    onSuccess: () => {
      setSaved(true);
      void queryClient.invalidateQueries({ queryKey: libraryKeys.preVisit(slug) });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 401) {
        onSessionEnded();
      }
    },
  });
  const name = lang === 'fr' ? type.nameFr : type.nameEn;
  const title = (entry: LibraryEntry) => (entry.versions[0] ? versionTitle(entry.versions[0], lang) : entry.url);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const found: Record<string, string> = {};
    const next: PreVisitTask[] = [];
    for (const [questionnaireId, hours] of Object.entries(chosen)) {
      const value = Number(hours);
      if (hours.trim() === '' || !Number.isFinite(value) || value < 0 || value > MAX_DUE_HOURS || !Number.isInteger(value * 60)) {
        found[questionnaireId] = t('questionnaires.preVisit.dueInvalid', { max: MAX_DUE_HOURS });
      } else {
        next.push({ questionnaireId, dueMinutesBefore: Math.round(value * 60) });
      }
    }
    setProblems(found);
    const first = Object.keys(found)[0];
    if (first) {
      document.getElementById(`${id}-due-${first}`)?.focus();
      return;
    }
    save.mutate(next);
  };

  return (
    <form noValidate onSubmit={submit} className="form-section" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{name}</h3>
      <fieldset className="setting" disabled={!canManage}>
        <legend className="visually-hidden">{t('questionnaires.preVisit.legend', { type: name })}</legend>
        {items.map((entry) => {
          const checked = chosen[entry.id] !== undefined;
          const problem = problems[entry.id] ?? null;
          return (
            <div key={entry.id} className="pre-visit-choice">
              <div className="check">
                <input
                  type="checkbox"
                  id={`${id}-q-${entry.id}`}
                  checked={checked}
                  onChange={(event) => {
                    setSaved(false);
                    setChosen((before) => {
                      const next = { ...before };
                      if (event.target.checked) {
                        next[entry.id] = DEFAULT_DUE_HOURS;
                      } else {
                        delete next[entry.id];
                      }
                      return next;
                    });
                  }}
                />
                <label htmlFor={`${id}-q-${entry.id}`}>{title(entry)}</label>
              </div>
              {checked && (
                <div className="field field-narrow">
                  <label htmlFor={`${id}-due-${entry.id}`}>{t('questionnaires.preVisit.due', { title: title(entry) })}</label>
                  <input
                    id={`${id}-due-${entry.id}`}
                    type="number"
                    inputMode="decimal"
                    min={0}
                    max={MAX_DUE_HOURS}
                    value={chosen[entry.id]}
                    onChange={(event) => {
                      const value = event.target.value;
                      setSaved(false);
                      setChosen((before) => ({ ...before, [entry.id]: value }));
                    }}
                    aria-invalid={problem ? true : undefined}
                    aria-describedby={describedBy(problem && `${id}-due-${entry.id}-error`)}
                  />
                  <FieldError id={`${id}-due-${entry.id}-error`} message={problem} />
                </div>
              )}
            </div>
          );
        })}
      </fieldset>
      {canManage && (
        <p>
          <button type="submit" className="secondary" disabled={save.isPending}>
            {t('questionnaires.preVisit.save', { type: name })}
          </button>
        </p>
      )}
      <div role="status" className="status-region">
        {saved && <p className="message success">{t('questionnaires.preVisit.saved', { type: name })}</p>}
      </div>
      {save.isError && (
        <div role="alert" className="message error">
          <p>{errorMessage(save.error, t, IMPORT_ERRORS)}</p>
        </div>
      )}
    </form>
  );
}
