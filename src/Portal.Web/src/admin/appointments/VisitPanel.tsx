import { useClinicZone } from '../../shared/clinicZone';
import { errorMessage, retryMessage } from '../../shared/errors';
import { formatDateTime } from '../../shared/format';
import { useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey } from '../../shared/i18n/translate';
import { providerVisitPath } from '../../shared/visit/api';
import { staffVisitCode, useVisitCode } from '../../shared/visit/useVisitCode';

const RESEND_ERRORS = {
  visit_code_not_sendable: msgKey('appts.visit.cannotSend'),
  visit_not_found: msgKey('appts.visit.notFound'),
};

interface Props {
  slug: string;
  appointmentId: string;
  onSessionEnded(): void;
}

/**
 * A virtual appointment's visit for staff: its code (sent, wrong tries, locked), "Start visit", which opens the call as the
 * provider on the visit's own page (the only pages that may use the camera), and "Re-send code" for the patient who calls.
 */
export function VisitPanel({ slug, appointmentId, onSessionEnded }: Props) {
  const { t, lang } = useI18n();
  const zone = useClinicZone();
  const { visit, resend, sent } = useVisitCode(staffVisitCode, slug, appointmentId, onSessionEnded);
  const loaded = visit.data;
  if (!loaded) {
    return null;
  }
  const when = (instant: string) => formatDateTime(instant, lang, zone);
  return (
    <section aria-labelledby="visit-panel-heading">
      <h2 id="visit-panel-heading">{t('appts.visit.heading')}</h2>
      <div role="status" className="status-region">
        {sent && !resend.isPending && (
          <div className="message success">
            <p>{t('appts.visit.sent')}</p>
          </div>
        )}
      </div>
      {resend.isError && (
        <div role="alert" className="message error">
          <p>{retryMessage(resend.error, lang, t) ?? errorMessage(resend.error, t, RESEND_ERRORS)}</p>
        </div>
      )}
      <p>
        {loaded.codeSentAt
          ? t('appts.visit.codeSent', { when: when(loaded.codeSentAt), count: loaded.issue })
          : t('appts.visit.codeSends', { when: when(loaded.codeSendsAt) })}{' '}
        {t('appts.visit.open', { from: when(loaded.opensAt), to: when(loaded.closesAt) })}
      </p>
      {loaded.locked ? (
        <p>{t('appts.visit.locked')}</p>
      ) : (
        loaded.failedAttempts > 0 && <p>{t('appts.visit.wrongTries', { count: loaded.failedAttempts })}</p>
      )}
      <p className="appointment-actions">
        <a className="button" href={providerVisitPath(slug, appointmentId)} target="_blank" rel="noopener">
          {t('appts.visit.start')} <span className="visually-hidden">{t('common.opensInNewTab')}</span>
        </a>{' '}
        {loaded.canResend && (
          <button type="button" className="secondary" disabled={resend.isPending} onClick={() => resend.mutate()}>
            {t('appts.visit.resend')}
          </button>
        )}
      </p>
    </section>
  );
}
