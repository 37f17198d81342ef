import { ApiError } from './api';
import type { Lang } from './i18n/language';
import type { Translate } from './i18n/translate';
import { formatWait } from './format';

/** A problem found in the browser before anything was sent; its message is a message key. */
export class LocalError extends Error {
  readonly key: string;

  constructor(key: string) {
    super(key);
    this.name = 'LocalError';
    this.key = key;
  }
}

/** Known problem codes -> message keys, per page. */
export type CodeMessages = Readonly<Record<string, string>>;

/**
 * The message to show for a failed request: the translated message for a known code, the network
 * message when the server could not be reached, else the server's own detail.
 */
export function errorMessage(error: unknown, t: Translate, codes: CodeMessages = {}): string {
  if (error instanceof LocalError) {
    return t(error.key);
  }
  if (error instanceof ApiError) {
    if (error.isNetworkError) {
      return t('error.network');
    }
    const key = error.code ? codes[error.code] : undefined;
    if (key) {
      return t(key);
    }
    return error.detail || t('error.unexpected');
  }
  return t('error.unexpected');
}

/** The wait a 429 answer asks for, as "Try again in 5 minutes.", or null. */
export function retryMessage(error: unknown, lang: Lang, t: Translate): string | null {
  if (error instanceof ApiError && error.status === 429) {
    const seconds = error.retryAfterSeconds ?? 60;
    return t('error.rateLimited', { wait: formatWait(seconds, lang, t) });
  }
  return null;
}

/** Field errors keyed by the form's own field names ("hiddenAppointmentStatuses[2]" -> "hiddenAppointmentStatuses"). */
export function fieldErrors(error: unknown): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  if (!(error instanceof ApiError)) {
    return result;
  }
  for (const [name, messages] of Object.entries(error.fields)) {
    const base = name.replace(/\[\d+\].*$/, '').split('.')[0] ?? name;
    const key = base.charAt(0).toLowerCase() + base.slice(1);
    result[key] = [...(result[key] ?? []), ...messages];
  }
  return result;
}

/**
 * The server's field problems by the field's JSON path ("identifiers[0].number"), in the reader's
 * language: each field's codes translated through `codes` (code -> message key), or the server's
 * English messages when a code has no translation.
 */
export function fieldMessages(error: unknown, t: Translate, codes: CodeMessages): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  if (!(error instanceof ApiError)) {
    return result;
  }
  for (const field of new Set([...Object.keys(error.fields), ...Object.keys(error.fieldCodes)])) {
    const fieldCodes = error.fieldCodes[field] ?? [];
    const english = error.fields[field] ?? [];
    const translated = fieldCodes.map((code) => codes[code]);
    const messages =
      translated.length > 0 && translated.every((key) => key !== undefined)
        ? translated.map((key) => t(key!))
        : english.length > 0
          ? english
          : translated.filter((key): key is string => key !== undefined).map((key) => t(key));
    if (messages.length > 0) {
      result[field] = [...new Set(messages)];
    }
  }
  return result;
}
