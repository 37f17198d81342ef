import { ApiError } from '../../shared/api';
import { errorMessage, type CodeMessages } from '../../shared/errors';
import { useI18n } from '../../shared/i18n/I18nProvider';

interface Props {
  /** "Sending…" while the request is under way. */
  pending: string | null;
  /** What was sent, once it was. */
  done?: string | null;
  /** Why the server refused the last try; null when it did not. */
  refusal: unknown;
  messages: CodeMessages;
}

/** The live regions above a patient's send form (a reply, photos): what is under way or done, and why the last try was refused. */
export function SendFeedback({ pending, done = null, refusal, messages }: Props) {
  const { t } = useI18n();
  return (
    <>
      <div role="status" className="status-region">
        {done && <p className="message success">{done}</p>}
        {pending && <p>{pending}</p>}
      </div>
      <div role="alert" className="alert-region">
        {refusal !== null && (
          <div className="message error">
            <p>{errorMessage(refusal, t, messages)}</p>
          </div>
        )}
      </div>
    </>
  );
}

interface Outcome {
  onSessionEnded(): void;
  onRefused(): void;
  setRefusal(refusal: unknown): void;
}

/**
 * A send that failed: a lapsed session goes back to sign-in; otherwise the refusal is shown, and a 409 (the
 * conversation or request changed meanwhile) lets the page show it as it is now.
 */
export function sendFailed(caught: unknown, { onSessionEnded, onRefused, setRefusal }: Outcome): void {
  if (caught instanceof ApiError && caught.status === 401) {
    onSessionEnded();
    return;
  }
  setRefusal(caught);
  if (caught instanceof ApiError && caught.status === 409) {
    onRefused();
  }
}
