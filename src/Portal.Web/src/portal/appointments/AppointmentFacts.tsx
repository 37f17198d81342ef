import type { ReactNode } from 'react';
import { formatMinutes, formatWhen } from '../../shared/format';
import { useI18n } from '../../shared/i18n/I18nProvider';
import { providerName, statusName } from './labels';
import { minutesBetween } from './time';

export interface Facts {
  typeName: string;
  provider: { name: string; title?: string | null };
  /** Null for a virtual appointment. */
  location: { name: string; address?: string | null } | null;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  status?: string;
  /** Before a move: the appointment's current time, shown above the new one; its provider too when that changes. */
  movedFrom?: { startsAt: string; provider: { name: string; title?: string | null } | null };
}

/** What an appointment is, where and when (in the clinic's zone, with the zone): on its page, before booking or moving, once done. */
export function AppointmentFacts({ facts, children }: { facts: Facts; children?: ReactNode }) {
  const { t, lang } = useI18n();
  return (
    <dl className="portal-details">
      <Detail label={t('portal.appts.detail.type')}>{facts.typeName}</Detail>
      <Detail label={t('portal.appts.detail.provider')}>{providerName(facts.provider)}</Detail>
      <Detail label={t('portal.appts.detail.where')}>
        {facts.location ? (
          <>
            <span className="portal-line">{facts.location.name}</span>
            {facts.location.address && <span className="portal-detail-note">{facts.location.address}</span>}
          </>
        ) : (
          <>
            <span className="portal-line">{t('portal.appts.virtual')}</span>
            <span className="portal-detail-note">{t('portal.appts.virtualHelp')}</span>
          </>
        )}
      </Detail>
      {facts.movedFrom ? (
        <>
          <Detail label={t('portal.appts.detail.currentTime')}>
            <time dateTime={facts.movedFrom.startsAt}>{formatWhen(facts.movedFrom.startsAt, facts.timeZone, lang)}</time>
            {facts.movedFrom.provider && (
              <span className="portal-detail-note">{t('portal.appts.with', { provider: providerName(facts.movedFrom.provider) })}</span>
            )}
          </Detail>
          <Detail label={t('portal.appts.detail.newTime')}>
            <time dateTime={facts.startsAt}>{formatWhen(facts.startsAt, facts.timeZone, lang)}</time>
          </Detail>
        </>
      ) : (
        <Detail label={t('portal.appts.detail.when')}>
          <time dateTime={facts.startsAt}>{formatWhen(facts.startsAt, facts.timeZone, lang)}</time>
        </Detail>
      )}
      <Detail label={t('portal.appts.detail.duration')}>{formatMinutes(minutesBetween(facts.startsAt, facts.endsAt), lang, t)}</Detail>
      {facts.status && <Detail label={t('portal.appts.detail.status')}>{statusName(facts.status, t)}</Detail>}
      {children}
    </dl>
  );
}

export function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="portal-detail">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
