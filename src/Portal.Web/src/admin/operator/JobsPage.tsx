import { Fragment, useCallback, useEffect, useState, type ReactNode } from 'react';
import { ApiError } from '../../shared/api';
import { errorMessage, type CodeMessages } from '../../shared/errors';
import { formatDateTime } from '../../shared/format';
import { useDocumentTitle, useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey, type Params } from '../../shared/i18n/translate';
import { Loading } from '../../shared/Status';
import { operatorApi, type Job } from '../api';
import { JOB_STATE_KEYS, RUN_OUTCOME_KEYS, codeName } from './labels';
import { formatRunDuration, formatSchedule, parseSchedule } from './schedule';

type Action = 'pause' | 'resume' | 'run';

const ACTIONS: Record<Action, { send(name: string): Promise<void>; done: string; failed: string }> = {
  pause: { send: operatorApi.pauseJob, done: msgKey('operator.jobs.paused'), failed: msgKey('operator.jobs.error.pause') },
  resume: { send: operatorApi.resumeJob, done: msgKey('operator.jobs.resumed'), failed: msgKey('operator.jobs.error.resume') },
  run: { send: operatorApi.runJob, done: msgKey('operator.jobs.started'), failed: msgKey('operator.jobs.error.run') },
};

const ACTION_ERRORS: CodeMessages = {
  job_not_found: msgKey('operator.jobs.error.notFound'),
  forbidden: msgKey('admin.forbidden'),
};

interface Message {
  key: string;
  params?: Params;
}

interface Outcome {
  job: string;
  status?: Message;
  error?: { message: Message; error: unknown };
}

/** The recurring jobs: schedule, state, next and previous run and recent runs; pause, resume, run now. */
export function JobsPage({ onSessionEnded }: { onSessionEnded(): void }) {
  const { t } = useI18n();
  useDocumentTitle(t('operator.jobs.pageTitle'));
  const [jobs, setJobs] = useState<Job[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  /** The Refresh button's message. */
  const [status, setStatus] = useState<Message | null>(null);
  /** What came of the last action, shown in its job's card, next to the buttons. */
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const load = useCallback(
    async (signal?: AbortSignal): Promise<boolean> => {
      try {
        const list = await operatorApi.jobs(signal);
        setJobs(list);
        setLoadError(null);
        return true;
      } catch (caught) {
        if (signal?.aborted) {
          return false;
        }
        if (caught instanceof ApiError && caught.status === 401) {
          onSessionEnded();
        } else {
          setLoadError(caught);
        }
        return false;
      }
    },
    [onSessionEnded],
  );

  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);

  const refresh = async () => {
    if (busy) {
      return;
    }
    setBusy(true);
    setStatus(null);
    setOutcome(null);
    if (await load()) {
      setStatus({ key: msgKey('operator.jobs.reloaded') });
    }
    setBusy(false);
  };

  const act = async (job: Job, action: Action) => {
    if (busy) {
      return;
    }
    setBusy(true);
    setStatus(null);
    setOutcome(null);
    try {
      await ACTIONS[action].send(job.name);
      // Said once the list shows the change.
      await load();
      setOutcome({ job: job.name, status: { key: ACTIONS[action].done, params: { name: job.name } } });
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 401) {
        onSessionEnded();
        return;
      }
      setOutcome({ job: job.name, error: { message: { key: ACTIONS[action].failed, params: { name: job.name } }, error: caught } });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1>{t('operator.jobs.heading')}</h1>
      <p>{t('operator.jobs.intro')}</p>
      <div className="form-actions">
        <button type="button" className="secondary" onClick={() => void refresh()} aria-disabled={busy || undefined}>
          {t('operator.refresh')}
        </button>
      </div>
      <div role="status" className="status-region">
        {status && <p className="message success">{t(status.key, status.params)}</p>}
      </div>
      {loadError !== null && (
        <>
          <div role="alert" className="message error">
            <p>{errorMessage(loadError, t, { forbidden: msgKey('admin.forbidden') })}</p>
          </div>
          {jobs === null && (
            <button type="button" onClick={() => void load()}>
              {t('common.tryAgain')}
            </button>
          )}
        </>
      )}
      {jobs === null ? (
        loadError === null && <Loading />
      ) : jobs.length === 0 ? (
        <p>{t('operator.jobs.empty')}</p>
      ) : (
        jobs.map((job, index) => (
          <JobCard
            key={job.name}
            job={job}
            id={`job-${index}`}
            busy={busy}
            outcome={outcome?.job === job.name ? outcome : null}
            onAction={(action) => void act(job, action)}
          />
        ))
      )}
    </>
  );
}

interface CardProps {
  job: Job;
  id: string;
  busy: boolean;
  outcome: Outcome | null;
  onAction(action: Action): void;
}

function JobCard({ job, id, busy, outcome, onAction }: CardProps) {
  const { t, lang } = useI18n();
  const headingId = `${id}-heading`;
  const runsId = `${id}-runs`;
  const schedule = parseSchedule(job.schedule);
  const paused = job.state === 'paused';
  const tone = paused ? 'paused' : job.state === 'error' ? 'error' : job.state === 'normal' ? 'ok' : 'neutral';

  return (
    <article className="operator-card job-card" aria-labelledby={headingId}>
      <h2 id={headingId} className="job-name">
        {breakAfterDots(job.name)}
      </h2>
      <p>{job.description}</p>
      <dl className="facts">
        <div>
          <dt>{t('operator.jobs.schedule')}</dt>
          <dd>
            {schedule.kind === 'cron' ? (
              <>
                {t('operator.jobs.schedule.cron')} <code>{schedule.expression}</code>
              </>
            ) : (
              formatSchedule(job.schedule, lang, t)
            )}
          </dd>
        </div>
        <div>
          <dt>{t('operator.jobs.state')}</dt>
          <dd>
            <span className={`badge badge-${tone}`}>{codeName(JOB_STATE_KEYS, job.state, t)}</span>
          </dd>
        </div>
        <div>
          <dt>{t('operator.jobs.nextRun')}</dt>
          <dd>{job.nextRunAt ? formatDateTime(job.nextRunAt, lang, 'long') : t('operator.jobs.noNextRun')}</dd>
        </div>
        <div>
          <dt>{t('operator.jobs.previousRun')}</dt>
          <dd>{job.previousRunAt ? formatDateTime(job.previousRunAt, lang, 'long') : t('operator.jobs.never')}</dd>
        </div>
      </dl>
      <div className="form-actions">
        <button
          type="button"
          className="secondary"
          aria-describedby={headingId}
          aria-disabled={busy || undefined}
          onClick={() => !busy && onAction(paused ? 'resume' : 'pause')}
        >
          {paused ? t('operator.jobs.resume') : t('operator.jobs.pause')}
        </button>
        <button type="button" aria-describedby={headingId} aria-disabled={busy || undefined} onClick={() => !busy && onAction('run')}>
          {t('operator.jobs.runNow')}
        </button>
      </div>
      <div role="status" className="status-region">
        {outcome?.status && <p className="message success">{t(outcome.status.key, outcome.status.params)}</p>}
      </div>
      {outcome?.error && (
        <div role="alert" className="message error">
          <p>
            <strong>{t(outcome.error.message.key, outcome.error.message.params)}</strong>{' '}
            {errorMessage(outcome.error.error, t, ACTION_ERRORS)}
          </p>
        </div>
      )}
      <h3 className="runs-heading" id={runsId}>
        {t('operator.jobs.runs.heading')}
      </h3>
      {job.recentRuns.length === 0 ? (
        <p>{t('operator.jobs.runs.none')}</p>
      ) : (
        <div className="table-scroll" role="region" aria-label={t('operator.jobs.runs.label', { name: job.name })} tabIndex={0}>
          <table className="data-table" aria-label={t('operator.jobs.runs.label', { name: job.name })}>
            <thead>
              <tr>
                <th scope="col">{t('operator.jobs.runs.started')}</th>
                <th scope="col">{t('operator.jobs.runs.duration')}</th>
                <th scope="col">{t('operator.jobs.runs.outcome')}</th>
                <th scope="col">{t('operator.jobs.runs.host')}</th>
                <th scope="col">{t('operator.jobs.runs.error')}</th>
              </tr>
            </thead>
            <tbody>
              {job.recentRuns.map((run, index) => (
                <tr key={`${run.startedAt}-${index}`}>
                  <td className="nowrap-wide">
                    {formatDateTime(run.startedAt, lang, 'long')}
                    {run.manual && <span className="cell-note">{t('operator.jobs.runs.manual')}</span>}
                  </td>
                  <td className="number">{formatRunDuration(run.durationMs, lang, t)}</td>
                  <td>
                    <span className={run.outcome === 'failed' ? 'outcome-failed' : undefined}>
                      {codeName(RUN_OUTCOME_KEYS, run.outcome, t)}
                    </span>
                  </td>
                  <td>{run.host}</td>
                  <td className="cell-error">{run.error ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </article>
  );
}

/** "notifications.retention" may wrap after its dots on a narrow screen rather than in the middle of a word. */
function breakAfterDots(name: string): ReactNode {
  const parts = name.split('.');
  return parts.map((part, index) => (
    <Fragment key={index}>
      {part}
      {index < parts.length - 1 && (
        <>
          .<wbr />
        </>
      )}
    </Fragment>
  ));
}
