import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { adminMessages } from '../src/admin/messages';
import { JobsPage } from '../src/admin/operator/JobsPage';
import { STORAGE_KEY } from '../src/shared/i18n/language';
import { ANTIFORGERY, json, mockServer, noContent, problem, renderWithI18n, type Handler } from './helpers';
import { job } from './fixtures';

const JOBS = '/api/operator/jobs';

const retention = job({
  name: 'notifications.retention',
  description: 'Deletes sent notifications after 30 days and failed ones after 90.',
  schedule: '0 30 3 * * ?',
  nextRunAt: '2026-03-02T03:30:00Z',
  previousRunAt: null,
  recentRuns: [],
});

const weekdays = job({
  name: 'reports.weekly',
  description: 'Sends the weekly report.',
  schedule: '0 0 12 ? * MON-FRI',
  state: 'error',
  nextRunAt: null,
  recentRuns: [],
});

function renderPage(routes: Record<string, Handler | Handler[]>) {
  const server = mockServer({ 'GET /api/antiforgery': () => json(200, ANTIFORGERY), ...routes });
  const onSessionEnded = vi.fn();
  renderWithI18n(<JobsPage onSessionEnded={onSessionEnded} />, adminMessages);
  return { ...server, onSessionEnded };
}

const card = (name: string) => screen.getByRole('article', { name });
/** The job's own status region, next to its buttons. */
const status = (name: string) => within(card(name)).getByRole('status');

describe('Jobs', () => {
  it('shows every job with its schedule in words, state, next and previous run, and recent runs', async () => {
    renderPage({ [`GET ${JOBS}`]: () => json(200, [job(), retention, weekdays]) });

    expect(await screen.findByRole('heading', { level: 2, name: 'notifications.dispatch' })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1, name: 'Jobs' })).toBeTruthy();
    expect(document.title).toBe('Jobs – Portal operator console');
    expect(screen.getAllByRole('heading', { level: 2 }).map((heading) => heading.textContent)).toEqual([
      'notifications.dispatch',
      'notifications.retention',
      'reports.weekly',
    ]);

    const dispatch = within(card('notifications.dispatch'));
    expect(dispatch.getByText('Sends queued email and SMS notifications, retrying failures with back-off.')).toBeTruthy();
    const facts = (name: string) =>
      Object.fromEntries(
        [...card(name).querySelectorAll('.facts > div')].map((row) => [row.querySelector('dt')!.textContent, row.querySelector('dd')!.textContent]),
      );
    const dispatchFacts = facts('notifications.dispatch');
    expect(dispatchFacts['Schedule']).toBe('Every 5 seconds');
    expect(dispatchFacts['State']).toBe('Active');
    expect(dispatchFacts['Next run']).toMatch(/March [12], 2026/);
    expect(dispatchFacts['Previous run']).toContain('2026');

    const runs = dispatch.getByRole('table', { name: 'Recent runs of notifications.dispatch' });
    expect(within(runs).getAllByRole('columnheader').map((header) => header.textContent)).toEqual([
      'Started',
      'Duration',
      'Outcome',
      'Host',
      'Error',
    ]);
    const rows = runs.querySelectorAll('tbody tr');
    expect(rows).toHaveLength(2);
    const cells = (row: Element) => [...row.querySelectorAll('td')].map((cell) => cell.textContent);
    expect(cells(rows[0]!).slice(1)).toEqual(['850.4 ms', 'Succeeded', 'web-1', '']);
    expect(cells(rows[1]!).slice(1)).toEqual(['4.1 s', 'Failed', 'web-2', 'The database could not be reached.']);
    expect(cells(rows[0]!)[0]).toContain('2026');
    expect(cells(rows[1]!)[0]).toContain('Started with Run now');
    expect(dispatch.getByRole('region', { name: 'Recent runs of notifications.dispatch' }).getAttribute('tabindex')).toBe('0');

    const retentionFacts = facts('notifications.retention');
    expect(retentionFacts['Schedule']).toBe('Every day at 03:30 UTC');
    expect(retentionFacts['Previous run']).toBe('Never');
    expect(within(card('notifications.retention')).getByText('No runs yet.')).toBeTruthy();
    expect(within(card('notifications.retention')).queryByRole('table')).toBeNull();

    const weeklyFacts = facts('reports.weekly');
    expect(weeklyFacts['Schedule']).toBe('Cron (UTC): 0 0 12 ? * MON-FRI');
    expect(card('reports.weekly').querySelector('code')!.textContent).toBe('0 0 12 ? * MON-FRI');
    expect(weeklyFacts['State']).toBe('Error');
    expect(weeklyFacts['Next run']).toBe('None planned');

    // Every job has its own buttons, described by its name.
    const pause = dispatch.getByRole('button', { name: 'Pause' });
    expect(document.getElementById(pause.getAttribute('aria-describedby')!)!.textContent).toBe('notifications.dispatch');
    expect(dispatch.getByRole('button', { name: 'Run now' })).toBeTruthy();
    expect(dispatch.queryByRole('button', { name: 'Resume' })).toBeNull();
  });

  it('pauses a job, reloads the list and says so; then offers to resume it', async () => {
    const { calls } = renderPage({
      [`GET ${JOBS}`]: [() => json(200, [job(), retention]), () => json(200, [job({ state: 'paused' }), retention])],
      [`POST ${JOBS}/notifications.dispatch/pause`]: () => noContent(),
    });
    await screen.findByRole('heading', { level: 2, name: 'notifications.dispatch' });

    fireEvent.click(within(card('notifications.dispatch')).getByRole('button', { name: 'Pause' }));

    expect(await screen.findByText('Job notifications.dispatch paused.')).toBeTruthy();
    expect(status('notifications.dispatch').textContent).toBe('Job notifications.dispatch paused.');
    expect(status('notifications.retention').textContent).toBe('');
    const post = calls.find((call) => call.method === 'POST')!;
    expect(post.url).toBe('/api/operator/jobs/notifications.dispatch/pause');
    expect(post.headers['x-csrf-token']).toBe('token-1');
    // Said once the list shows the change.
    expect(within(card('notifications.dispatch')).getByRole('button', { name: 'Resume' })).toBeTruthy();
    expect(calls.filter((call) => call.method === 'GET' && call.url === JOBS)).toHaveLength(2);
    expect(within(card('notifications.dispatch')).getByText('Paused')).toBeTruthy();
    // Only that job changed.
    expect(within(card('notifications.retention')).getByRole('button', { name: 'Pause' })).toBeTruthy();
  });

  it('resumes a paused job and runs a job now', async () => {
    const { calls } = renderPage({
      [`GET ${JOBS}`]: [() => json(200, [job({ state: 'paused' })]), () => json(200, [job()])],
      [`POST ${JOBS}/notifications.dispatch/resume`]: () => noContent(),
      [`POST ${JOBS}/notifications.dispatch/run`]: () => noContent(),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Resume' }));
    expect(await screen.findByText('Job notifications.dispatch resumed.')).toBeTruthy();
    await screen.findByRole('button', { name: 'Pause' });

    fireEvent.click(screen.getByRole('button', { name: 'Run now' }));
    expect(await screen.findByText('Job notifications.dispatch will run now.')).toBeTruthy();
    expect(status('notifications.dispatch').textContent).toBe('Job notifications.dispatch will run now.');
    expect(calls.filter((call) => call.method === 'POST').map((call) => call.url)).toEqual([
      '/api/operator/jobs/notifications.dispatch/resume',
      '/api/operator/jobs/notifications.dispatch/run',
    ]);
    await waitFor(() => expect(calls.filter((call) => call.method === 'GET' && call.url === JOBS)).toHaveLength(3));
  });

  it('says when the job is gone', async () => {
    renderPage({
      [`GET ${JOBS}`]: () => json(200, [job()]),
      [`POST ${JOBS}/notifications.dispatch/run`]: () => problem(404, 'job_not_found', "There is no job named 'notifications.dispatch'."),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Run now' }));
    const alert = await within(card('notifications.dispatch')).findByRole('alert');
    expect(alert.textContent).toBe('Job notifications.dispatch was not started. This job no longer exists. Refresh the list.');
    expect(status('notifications.dispatch').textContent).toBe('');
  });

  it('reloads the list with Refresh', async () => {
    const { calls } = renderPage({
      [`GET ${JOBS}`]: [() => json(200, [job()]), () => json(200, [job(), retention])],
    });
    await screen.findByRole('heading', { level: 2, name: 'notifications.dispatch' });
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(await screen.findByRole('heading', { level: 2, name: 'notifications.retention' })).toBeTruthy();
    const reloaded = await screen.findByText('The jobs were reloaded.');
    expect(reloaded.closest('[role="status"]')).toBeTruthy();
    expect(calls.filter((call) => call.url === JOBS)).toHaveLength(2);
  });

  it('shows a failed load with a way to try again', async () => {
    const first = renderPage({ [`GET ${JOBS}`]: [() => problem(500, 'unexpected', 'The server failed.'), () => json(200, [job()])] });
    expect((await screen.findByRole('alert')).textContent).toBe('The server failed.');
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { level: 2, name: 'notifications.dispatch' })).toBeTruthy();
    expect(first.onSessionEnded).not.toHaveBeenCalled();
  });

  it('hands an ended session back to the console', async () => {
    const { onSessionEnded } = renderPage({ [`GET ${JOBS}`]: () => problem(401, 'sign_in_required', 'Sign in to continue.') });
    await waitFor(() => expect(onSessionEnded).toHaveBeenCalled());
  });

  it('speaks French', async () => {
    window.localStorage.setItem(STORAGE_KEY, 'fr');
    renderPage({ [`GET ${JOBS}`]: () => json(200, [job({ state: 'paused' }), retention]) });
    await screen.findByRole('heading', { level: 2, name: 'notifications.dispatch' });
    expect(screen.getByRole('heading', { level: 1, name: 'Tâches' })).toBeTruthy();
    const dispatch = within(card('notifications.dispatch'));
    expect(dispatch.getByText('Toutes les 5 secondes')).toBeTruthy();
    expect(dispatch.getByText('Suspendue')).toBeTruthy();
    expect(dispatch.getByRole('button', { name: 'Reprendre' })).toBeTruthy();
    expect(dispatch.getByRole('button', { name: 'Exécuter maintenant' })).toBeTruthy();
    expect(dispatch.getByRole('table', { name: 'Exécutions récentes de notifications.dispatch' })).toBeTruthy();
    expect(within(card('notifications.retention')).getByText('Tous les jours à 03 h 30 UTC')).toBeTruthy();
  });
});
