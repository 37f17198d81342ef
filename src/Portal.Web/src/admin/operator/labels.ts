import { msgKey, type Translate } from '../../shared/i18n/translate';
import type { NotificationChannel, NotificationState } from '../api';
import { codeAsText } from '../settings/settingsForm';

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
