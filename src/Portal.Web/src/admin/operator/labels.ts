import { msgKey, type Translate } from '../../shared/i18n/translate';
import type { NotificationChannel, NotificationState } from '../api';
import { codeAsText } from '../settings/settingsForm';

/** Job states -> their names. "blocked" is Quartz's word for a job that is running and may not run twice at once. */
export const JOB_STATE_KEYS: Readonly<Record<string, string>> = {
  normal: msgKey('operator.jobs.state.normal'),
  paused: msgKey('operator.jobs.state.paused'),
  blocked: msgKey('operator.jobs.state.running'),
  executing: msgKey('operator.jobs.state.running'),
  error: msgKey('operator.jobs.state.error'),
  complete: msgKey('operator.jobs.state.complete'),
  none: msgKey('operator.jobs.state.none'),
};

export const RUN_OUTCOME_KEYS: Readonly<Record<string, string>> = {
  succeeded: msgKey('operator.jobs.outcome.succeeded'),
  failed: msgKey('operator.jobs.outcome.failed'),
  cancelled: msgKey('operator.jobs.outcome.cancelled'),
  skipped: msgKey('operator.jobs.outcome.skipped'),
};

/** The notification states, in the order a notification goes through them. */
export const NOTIFICATION_STATES: readonly NotificationState[] = ['pending', 'held', 'sending', 'sent', 'failed'];

export const NOTIFICATION_STATE_KEYS: Readonly<Record<string, string>> = {
  pending: msgKey('operator.notifications.state.pending'),
  held: msgKey('operator.notifications.state.held'),
  sending: msgKey('operator.notifications.state.sending'),
  sent: msgKey('operator.notifications.state.sent'),
  failed: msgKey('operator.notifications.state.failed'),
};

export const NOTIFICATION_CHANNELS: readonly NotificationChannel[] = ['email', 'sms'];

export const CHANNEL_KEYS: Readonly<Record<string, string>> = {
  email: msgKey('operator.notifications.channel.email'),
  sms: msgKey('operator.notifications.channel.sms'),
};

/** The name of a code from one of the tables above; a code the page does not know (a newer server) as text. */
export function codeName(keys: Readonly<Record<string, string>>, code: string, t: Translate): string {
  const key = keys[code];
  return key ? t(key) : codeAsText(code);
}
