import { msgKey } from '../../shared/i18n/translate';

/**
 * Why the server refused to book or move an appointment, by its problem code, in the patient's language:
 * the clinic's booking rules (X5) may have changed, or time passed, while the patient was choosing.
 */
export const BOOKING_REFUSALS = {
  too_soon: msgKey('portal.refused.tooSoon'),
  too_far_ahead: msgKey('portal.refused.tooFarAhead'),
  too_many_upcoming: msgKey('portal.refused.tooMany'),
  booking_hidden: msgKey('portal.refused.bookingHidden'),
  slot_not_offered: msgKey('portal.refused.notOffered'),
  same_time: msgKey('portal.refused.sameTime'),
  change_window_passed: msgKey('portal.refused.windowPassed'),
  cannot_change: msgKey('portal.change.cannot'),
};

/** Why a cancellation was refused, in the patient's language. */
export const CANCEL_REFUSALS = {
  cannot_cancel: msgKey('portal.appts.cancel.refused'),
  change_window_passed: msgKey('portal.refused.windowPassed'),
};
