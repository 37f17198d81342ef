import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { NotificationSummary } from '../src/admin/api';
import { adminMessages } from '../src/admin/messages';
import { NotificationsPage } from '../src/admin/operator/NotificationsPage';
import { STORAGE_KEY } from '../src/shared/i18n/language';
import { ANTIFORGERY, json, mockServer, problem, renderWithI18n, type Call, type Handler } from './helpers';
import { notification } from './fixtures';

const SUMMARY = '/api/operator/notifications/summary';
const FAILED = '/api/operator/notifications?state=failed&take=50';
const TEST = '/api/operator/notifications/test';

const summary: NotificationSummary = {
  counts: [
    { state: 'failed', channel: 'email', count: 2 },
    { state: 'failed', channel: 'sms', count: 1 },
    { state: 'pending', channel: 'email', count: 4 },
    { state: 'sent', channel: 'email', count: 1200 },
    { state: 'sent', channel: 'sms', count: 31 },
  ],
  oldestDueAt: '2026-03-01T14:05:00Z',
};

const failedSms = notification({
  id: '0f9c6a4e-1111-4a3b-9c1d-000000000002',
  clinicSlug: null,
  clinicName: null,
  template: 'notifications.test',
  channel: 'sms',
  recipient: '+1•••••••123',
  attempts: 1,
  maxAttempts: 1,
  lastError: 'Could not reach Twilio.',
  providerStatus: 'undelivered',
});

function renderPage(routes: Record<string, Handler | Handler[]>) {
  const server = mockServer({ 'GET /api/antiforgery': () => json(200, ANTIFORGERY), ...routes });
  const onSessionEnded = vi.fn();
  renderWithI18n(<NotificationsPage onSessionEnded={onSessionEnded} />, adminMessages);
  return { ...server, onSessionEnded };
}

const listTable = () => screen.findByRole('table', { name: 'Latest notifications' });
const rowTexts = (table: HTMLElement) =>
  [...table.querySelectorAll('tbody tr')].map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent));
const gets = (calls: Call[], url: string) => calls.filter((call) => call.method === 'GET' && call.url === url);

describe('Notifications', () => {
  it('shows how many notifications are in each state, by channel', async () => {
    renderPage({ [`GET ${SUMMARY}`]: () => json(200, summary), [`GET ${FAILED}`]: () => json(200, []) });

    const table = await screen.findByRole('table', { name: 'Notifications by state and channel' });
    expect(screen.getByRole('heading', { level: 1, name: 'Notifications' })).toBeTruthy();
    expect(document.title).toBe('Notifications – Portal operator console');
    expect(within(table).getAllByRole('columnheader').map((header) => header.textContent)).toEqual(['State', 'Email', 'SMS']);
    const rows = Object.fromEntries(
      [...table.querySelectorAll('tbody tr')].map((row) => [
        row.querySelector('th')!.textContent,
        [...row.querySelectorAll('td')].map((cell) => cell.textContent),
      ]),
    );
    expect(rows).toEqual({
      Pending: ['4', '0'],
      'Held for quiet hours': ['0', '0'],
      Sending: ['0', '0'],
      Sent: ['1,200', '31'],
      Failed: ['2', '1'],
    });
    expect(screen.getByRole('rowheader', { name: 'Held for quiet hours' })).toBeTruthy();
    expect(screen.getByText(/^Oldest waiting since March [12], 2026/)).toBeTruthy();
    expect(await screen.findByText('There are no notifications to show.')).toBeTruthy();
  });

  it('does not mention the oldest waiting notification when none waits', async () => {
    renderPage({ [`GET ${SUMMARY}`]: () => json(200, { counts: [], oldestDueAt: null }), [`GET ${FAILED}`]: () => json(200, []) });
    const table = await screen.findByRole('table', { name: 'Notifications by state and channel' });
    expect([...table.querySelectorAll('tbody td')].every((cell) => cell.textContent === '0')).toBe(true);
    expect(screen.queryByText(/Oldest waiting/)).toBeNull();
  });

  it('lists the failed notifications first, each with a Retry button', async () => {
    const { calls } = renderPage({
      [`GET ${SUMMARY}`]: () => json(200, summary),
      [`GET ${FAILED}`]: () => json(200, [notification(), failedSms]),
    });
    const table = await listTable();
    expect((screen.getByRole('combobox', { name: 'Show' }) as HTMLSelectElement).value).toBe('failed');
    expect([...(screen.getByRole('combobox', { name: 'Show' }) as HTMLSelectElement).options].map((option) => option.textContent)).toEqual([
      'Failed',
      'Pending',
      'Held for quiet hours',
      'Sending',
      'Sent',
      'All',
    ]);
    expect(within(table).getAllByRole('columnheader').map((header) => header.textContent)).toEqual([
      'Created',
      'Clinic',
      'Template',
      'Channel',
      'Recipient',
      'State',
      'Attempts',
      'Last error',
      'Actions',
    ]);
    const rows = rowTexts(table);
    expect(rows[0]!.slice(1)).toEqual([
      'Demo Family Clinic',
      'identity.staff-invitation',
      'Email',
      'j•••@example.org',
      'Failed',
      '5 of 5',
      'The mail server refused the message.',
      'Retry',
    ]);
    expect(rows[0]![0]).toMatch(/March [12], 2026/);
    expect(rows[1]!.slice(1)).toEqual([
      'Platform',
      'notifications.test',
      'SMS',
      '+1•••••••123',
      'Failed',
      '1 of 1',
      'Could not reach Twilio.Provider status: undelivered',
      'Retry',
    ]);
    const retries = within(table).getAllByRole('button', { name: 'Retry' });
    expect(retries).toHaveLength(2);
    // Each Retry button says which notification it retries.
    const described = retries[1]!
      .getAttribute('aria-describedby')!
      .split(' ')
      .map((id) => document.getElementById(id)!.textContent);
    expect(described).toEqual(['notifications.test', '+1•••••••123']);
    expect(screen.getByRole('region', { name: 'Latest notifications' }).getAttribute('tabindex')).toBe('0');
    expect(gets(calls, FAILED)).toHaveLength(1);
  });

  it('offers Retry only for failed notifications', async () => {
    renderPage({
      [`GET ${SUMMARY}`]: () => json(200, summary),
      [`GET ${FAILED}`]: () =>
        json(200, [
          notification({ state: 'sent', lastError: null, sentAt: '2026-03-01T14:01:00Z' }),
          notification({ id: '0f9c6a4e-1111-4a3b-9c1d-000000000004', state: 'pending', attempts: 2 }),
          notification({ id: '0f9c6a4e-1111-4a3b-9c1d-000000000005', state: 'held', attempts: 0 }),
          notification({ id: '0f9c6a4e-1111-4a3b-9c1d-000000000006', state: 'sending', attempts: 1 }),
        ]),
    });
    const table = await listTable();
    expect(rowTexts(table).map((row) => row[5])).toEqual(['Sent', 'Pending', 'Held for quiet hours', 'Sending']);
    expect(within(table).queryByRole('button', { name: 'Retry' })).toBeNull();
  });

  it('retries a failed notification, reloads the summary and the list, and says so', async () => {
    const retried = notification({ state: 'pending', failedAt: null, maxAttempts: 10 });
    const { calls } = renderPage({
      [`GET ${SUMMARY}`]: () => json(200, summary),
      [`GET ${FAILED}`]: [() => json(200, [notification(), failedSms]), () => json(200, [failedSms])],
      [`POST /api/operator/notifications/${notification().id}/retry`]: () => json(200, retried),
    });
    const table = await listTable();
    fireEvent.click(within(table).getAllByRole('button', { name: 'Retry' })[0]!);

    const message = await screen.findByText('The notification to j•••@example.org is queued again.');
    expect(message.closest('[role="status"]')).toBeTruthy();
    const post = calls.find((call) => call.method === 'POST')!;
    expect(post.url).toBe('/api/operator/notifications/0f9c6a4e-1111-4a3b-9c1d-000000000001/retry');
    expect(post.headers['x-csrf-token']).toBe('token-1');
    // Said once the list shows the change.
    expect(rowTexts(screen.getByRole('table', { name: 'Latest notifications' }))).toHaveLength(1);
    expect(gets(calls, SUMMARY)).toHaveLength(2);
    expect(gets(calls, FAILED)).toHaveLength(2);
    // The button is gone: the focus goes to the list's heading rather than to the top of the page.
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 2, name: 'Latest notifications' }));
  });

  it('says when the notification is no longer failed', async () => {
    renderPage({
      [`GET ${SUMMARY}`]: () => json(200, summary),
      [`GET ${FAILED}`]: () => json(200, [notification()]),
      [`POST /api/operator/notifications/${notification().id}/retry`]: () =>
        problem(409, 'not_failed', 'Only a failed notification can be retried.'),
    });
    fireEvent.click(within(await listTable()).getByRole('button', { name: 'Retry' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(
      'The notification was not queued again. This notification has not failed: it may have been retried already. Refresh the list.',
    );
  });

  it('shows the notifications of the chosen state, or of every state', async () => {
    const sent = notification({ id: '0f9c6a4e-1111-4a3b-9c1d-000000000003', state: 'sent', lastError: null });
    const { calls } = renderPage({
      [`GET ${SUMMARY}`]: () => json(200, summary),
      [`GET ${FAILED}`]: () => json(200, [notification()]),
      'GET /api/operator/notifications?state=sent&take=50': () => json(200, [sent]),
      'GET /api/operator/notifications?state=held&take=50': () => json(200, []),
      'GET /api/operator/notifications?take=50': () => json(200, [notification(), sent]),
    });
    await listTable();
    const select = screen.getByRole('combobox', { name: 'Show' });

    fireEvent.change(select, { target: { value: 'sent' } });
    expect(await screen.findByText('1 notification shown.')).toBeTruthy();
    expect(rowTexts(await listTable())[0]![5]).toBe('Sent');

    fireEvent.change(select, { target: { value: 'all' } });
    expect(await screen.findByText('2 notifications shown.')).toBeTruthy();
    expect(rowTexts(await listTable())).toHaveLength(2);

    fireEvent.change(select, { target: { value: 'held' } });
    expect(await screen.findByText('There are no notifications to show.')).toBeTruthy();
    expect(await screen.findByText('0 notifications shown.')).toBeTruthy();

    expect(calls.filter((call) => call.url.startsWith('/api/operator/notifications?')).map((call) => call.url)).toEqual([
      FAILED,
      '/api/operator/notifications?state=sent&take=50',
      '/api/operator/notifications?take=50',
      '/api/operator/notifications?state=held&take=50',
    ]);
  });

  it('reloads with Refresh', async () => {
    const { calls } = renderPage({
      [`GET ${SUMMARY}`]: () => json(200, summary),
      [`GET ${FAILED}`]: [() => json(200, []), () => json(200, [notification()])],
    });
    await screen.findByText('There are no notifications to show.');
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(await screen.findByText('The notifications were reloaded.')).toBeTruthy();
    expect(rowTexts(await listTable())).toHaveLength(1);
    expect(gets(calls, SUMMARY)).toHaveLength(2);
  });

  it('shows a failed load with a way to try again', async () => {
    const first = renderPage({
      [`GET ${SUMMARY}`]: () => problem(403, 'forbidden', 'Forbidden.'),
      [`GET ${FAILED}`]: () => json(200, []),
    });
    expect((await screen.findByRole('alert')).textContent).toBe('Your account may not do this.');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
    expect(first.onSessionEnded).not.toHaveBeenCalled();
  });

  it('hands an ended session back to the console', async () => {
    const { onSessionEnded } = renderPage({
      [`GET ${SUMMARY}`]: () => problem(401, 'sign_in_required', 'Sign in to continue.'),
      [`GET ${FAILED}`]: () => problem(401, 'sign_in_required', 'Sign in to continue.'),
    });
    await waitFor(() => expect(onSessionEnded).toHaveBeenCalled());
  });
});

describe('Send a test message', () => {
  const loaded = { [`GET ${SUMMARY}`]: () => json(200, summary), [`GET ${FAILED}`]: () => json(200, []) };

  it('sends the channel, the address and the language, says it is queued and reloads', async () => {
    const { calls } = renderPage({ ...loaded, [`POST ${TEST}`]: () => json(202, ['a1', 'a2']) });
    await screen.findByText('There are no notifications to show.');

    expect(screen.getByRole('group', { name: 'Channel' })).toBeTruthy();
    expect((screen.getByRole('radio', { name: 'Email' }) as HTMLInputElement).checked).toBe(true);
    expect(screen.getByLabelText('To (email address)').getAttribute('type')).toBe('email');
    expect((screen.getByRole('combobox', { name: 'Language' }) as HTMLSelectElement).value).toBe('en');

    fireEvent.click(screen.getByRole('radio', { name: 'SMS' }));
    const to = screen.getByLabelText('To (phone number)');
    expect(to.getAttribute('type')).toBe('tel');
    expect(document.getElementById(to.getAttribute('aria-describedby')!)!.textContent).toBe(
      'A North American number such as 613 555 0123, or another with its country code, such as +33 6 12 34 56 78.',
    );
    fireEvent.change(to, { target: { value: ' +16135550123 ' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Language' }), { target: { value: 'fr' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send test message' }));

    const queued = await screen.findByText('Test message queued.');
    expect(queued.closest('[role="status"]')).toBeTruthy();
    const post = calls.find((call) => call.method === 'POST')!;
    expect(post.url).toBe(TEST);
    expect(post.json).toEqual({ channel: 'sms', to: '+16135550123', language: 'fr' });
    expect(post.headers['x-csrf-token']).toBe('token-1');
    await waitFor(() => expect(gets(calls, SUMMARY)).toHaveLength(2));
    expect(gets(calls, FAILED)).toHaveLength(2);
  });

  it('shows the server’s field errors next to the fields', async () => {
    renderPage({
      ...loaded,
      [`POST ${TEST}`]: () =>
        problem(400, 'validation_failed', 'One or more fields are not valid.', {
          errors: { To: ['That is not an email address.'], Language: ['Use en or fr.'] },
        }),
    });
    await screen.findByText('There are no notifications to show.');
    fireEvent.change(screen.getByLabelText('To (email address)'), { target: { value: 'someone@' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send test message' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('The test message was not sent. Check the messages next to the fields.');
    const to = screen.getByLabelText('To (email address)');
    const toError = screen.getByText('That is not an email address.');
    expect(to.getAttribute('aria-invalid')).toBe('true');
    expect(to.getAttribute('aria-describedby')!.split(' ')).toContain(toError.id);
    expect(document.activeElement).toBe(to);
    const language = screen.getByRole('combobox', { name: 'Language' });
    expect(language.getAttribute('aria-describedby')).toBe(screen.getByText('Use en or fr.').id);
    expect(language.getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByText('Test message queued.')).toBeNull();
  });

  it('shows a channel error on the group of radio buttons', async () => {
    renderPage({
      ...loaded,
      [`POST ${TEST}`]: () => problem(400, 'validation_failed', 'Not valid.', { errors: { Channel: ['Use email or sms.'] } }),
    });
    await screen.findByText('There are no notifications to show.');
    fireEvent.change(screen.getByLabelText('To (email address)'), { target: { value: 'jane@example.org' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send test message' }));
    const error = await screen.findByText('Use email or sms.');
    expect(screen.getByRole('group', { name: 'Channel' }).getAttribute('aria-describedby')).toBe(error.id);
  });

  it('asks for an address before sending anything', async () => {
    const { calls } = renderPage(loaded);
    await screen.findByText('There are no notifications to show.');
    fireEvent.click(screen.getByRole('button', { name: 'Send test message' }));
    expect(await screen.findByText('Enter an email address.')).toBeTruthy();
    expect(screen.getByLabelText('To (email address)').getAttribute('aria-invalid')).toBe('true');
    fireEvent.click(screen.getByRole('radio', { name: 'SMS' }));
    fireEvent.click(screen.getByRole('button', { name: 'Send test message' }));
    expect(await screen.findByText('Enter a phone number.')).toBeTruthy();
    expect(calls.some((call) => call.method === 'POST')).toBe(false);
  });

  it('speaks French, and offers the page’s language first', async () => {
    window.localStorage.setItem(STORAGE_KEY, 'fr');
    renderPage({ [`GET ${SUMMARY}`]: () => json(200, summary), [`GET ${FAILED}`]: () => json(200, [failedSms]) });
    const table = await screen.findByRole('table', { name: 'Dernières notifications' });
    expect(rowTexts(table)[0]!.slice(1, 7)).toEqual(['Plateforme', 'notifications.test', 'SMS', '+1•••••••123', 'Échouée', '1 sur 1']);
    expect(within(table).getByRole('button', { name: 'Renvoyer' })).toBeTruthy();
    expect(screen.getByRole('table', { name: 'Notifications par état et par canal' })).toBeTruthy();
    expect(screen.getByRole('rowheader', { name: 'Retenue pendant les heures de silence' })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 2, name: 'Envoyer un message de test' })).toBeTruthy();
    expect(screen.getByLabelText('Destinataire (adresse courriel)')).toBeTruthy();
    expect((screen.getByRole('combobox', { name: 'Langue' }) as HTMLSelectElement).value).toBe('fr');
  });
});
