import { errorMessage, retryMessage } from '../../shared/errors';
import { formatWhen } from '../../shared/format';
import { useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey } from '../../shared/i18n/translate';
import { linkPath } from '../../shared/visit/api';
import { patientVisitCode, useVisitCode } from '../../shared/visit/useVisitCode';

const RESEND_ERRORS = {
  visit_code_not_sendable: msgKey('visit.appt.cannotSend'),
  visit_not_found: msgKey('visit.error.notFound'),
};

interface Props {
  slug: string;
  appointmentId: string;
  timeZone: string;
  onSessionEnded(): void;
}

/**
 * A virtual appointment's visit on its page: when the access code goes out and the room is open, "Join visit" (a whole page
 * load, since only visit pages may use the camera), and "Re-send my code", which makes the code sent before stop working.
 */
export function VisitSection({ slug, appointmentId, timeZone, onSessionEnded }: Props) {
  const { t, lang } = useI18n();
  const { visit, resend, sent } = useVisitCode(patientVisitCode, slug, appointmentId, onSessionEnded);
  const loaded = visit.data;
  if (!loaded) {
    // The visit's details are extra: the appointment's page stands without them.
    return null;
  }
  const when = (instant: string) => formatWhen(instant, timeZone, lang);
  return (
    <section aria-labelledby="visit-heading" className="visit-section">
      <h3 id="visit-heading">{t('visit.appt.heading')}</h3>
      <div role="status" className="status-region">
        {resend.isPending && <p>{t('visit.appt.sending')}</p>}
        {sent && !resend.isPending && (
          <div className="message success">
            <p>{t('visit.appt.sent')}</p>
          </div>
        )}
      </div>
      {resend.isError && (
        <div role="alert" className="message error">
          <p>{retryMessage(resend.error, lang, t) ?? errorMessage(resend.error, t, RESEND_ERRORS)}</p>
        </div>
      )}
      <p>
        {loaded.codeSentAt ? t('visit.appt.codeSent', { when: when(loaded.codeSentAt) }) : t('visit.appt.codeSends', { when: when(loaded.codeSendsAt) })}{' '}
        {t('visit.appt.open', { from: when(loaded.opensAt), to: when(loaded.closesAt) })}
      </p>
      {(loaded.link || loaded.canResend) && (
        <p className="form-actions">
          {loaded.link && (
            <a className="button" href={linkPath(loaded.link)}>
              {t('visit.appt.join')}
            </a>
          )}
          {loaded.canResend && (
            <button type="button" className="secondary" onClick={() => resend.mutate()} aria-disabled={resend.isPending ? true : undefined}>
              {t('visit.appt.resend')}
            </button>
          )}
        </p>
      )}
    </section>
  );
}
