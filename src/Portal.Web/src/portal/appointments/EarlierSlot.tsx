import { useMutation } from '@tanstack/react-query';
import { useId } from 'react';
import { useI18n } from '../../shared/i18n/I18nProvider';
import { msgKey } from '../../shared/i18n/translate';
import { appointmentsApi, type MyAppointment } from './api';
import { formatWhen } from '../../shared/format';

/** Why the server refused an earlier-slot answer, in the patient's language; other refusals show the server's own words. */
export const EARLIER_SLOT_ERRORS = {
  slot_taken: msgKey('portal.earlier.taken'),
  offer_expired: msgKey('portal.earlier.expired'),
  offer_answered: msgKey('portal.earlier.answered'),
};

/** Whether the patient may ask for an earlier time: a booked appointment they may still move online. */
export function canAskForEarlierSlot(appointment: Pick<MyAppointment, 'status' | 'canChange'>): boolean {
  return appointment.canChange && (appointment.status === 'booked' || appointment.status === 'confirmed');
}

interface Props {
  slug: string;
  appointment: MyAppointment;
  onTrying(): void;
  /** The appointment as the server now has it, with what to tell the patient. */
  onChanged(next: MyAppointment, done: string): void;
  onFailed(caught: unknown): void;
}

/**
 * "Tell me if an earlier time frees up": the patient's request, and when the clinic offers them a freed time, that
 * time with Accept and No thanks until the offer ends.
 */
export function EarlierSlotSection({ slug, appointment, onTrying, onChanged, onFailed }: Props) {
  const { t, lang } = useI18n();
  const id = useId();
  const toggle = useMutation({
    mutationFn: (ask: boolean) =>
      ask ? appointmentsApi.askForEarlierSlot(slug, appointment.id) : appointmentsApi.stopAskingForEarlierSlot(slug, appointment.id),
  });
  const answer = useMutation({
    mutationFn: ({ accept, offerId }: { accept: boolean; offerId: string }) =>
      accept
        ? appointmentsApi.acceptEarlierSlot(slug, appointment.id, offerId)
        : appointmentsApi.declineEarlierSlot(slug, appointment.id, offerId),
  });
  const busy = toggle.isPending || answer.isPending;
  const offer = appointment.earlierSlotOffer ?? null;
  const canAsk = canAskForEarlierSlot(appointment);
  if (!offer && !canAsk && !appointment.wantsEarlierSlot) {
    return null;
  }

  const send = async (action: () => Promise<MyAppointment>, done: (next: MyAppointment) => string) => {
    if (busy) {
      return;
    }
    onTrying();
    try {
      const next = await action();
      onChanged(next, done(next));
    } catch (caught) {
      onFailed(caught);
    }
  };

  const switchTo = (ask: boolean) =>
    void send(
      () => toggle.mutateAsync(ask),
      () => t(ask ? 'portal.earlier.asked' : 'portal.earlier.stopped'),
    );
  const reply = (accept: boolean, offerId: string) =>
    void send(
      () => answer.mutateAsync({ accept, offerId }),
      (next) => (accept ? t('portal.earlier.accepted', { when: formatWhen(next.startsAt, next.timeZone, lang) }) : t('portal.earlier.declined')),
    );

  return (
    <section aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{t('portal.earlier.heading')}</h3>
      <div role="status" className="status-region">
        {busy && <p>{t('portal.earlier.sending')}</p>}
      </div>
      {offer && (
        <div className="message note">
          <p>
            <strong>
              {t('portal.earlier.offer', { when: formatWhen(offer.startsAt, appointment.timeZone, lang) })}
              {offer.location && ` ${t('portal.earlier.offerWhere', { place: offer.location.name })}`}
            </strong>
          </p>
          <p>{t('portal.earlier.offerUntil', { until: formatWhen(offer.expiresAt, appointment.timeZone, lang) })}</p>
          <div className="form-actions">
            <button type="button" aria-disabled={busy ? true : undefined} onClick={() => reply(true, offer.id)}>
              {t('portal.earlier.accept')}
            </button>
            <button type="button" className="secondary" aria-disabled={busy ? true : undefined} onClick={() => reply(false, offer.id)}>
              {t('portal.earlier.decline')}
            </button>
          </div>
        </div>
      )}
      {(canAsk || appointment.wantsEarlierSlot) && (
        <div className="field">
          <label>
            <input
              type="checkbox"
              checked={appointment.wantsEarlierSlot}
              aria-describedby={`${id}-help`}
              aria-disabled={busy ? true : undefined}
              onChange={(event) => {
                if (!busy) {
                  switchTo(event.target.checked);
                }
              }}
            />{' '}
            {t('portal.earlier.toggle')}
          </label>
          <p className="help" id={`${id}-help`}>
            {t('portal.earlier.help')}
          </p>
        </div>
      )}
    </section>
  );
}
