import { LocalError } from '../../shared/errors';
import { msgKey } from '../../shared/i18n/translate';
import { zonedStart } from './calendar';

/** The time chosen for a booking or a move: one of the free slots, or (staff only) any time of the day. */
export interface WhenChoice {
  day: string;
  anyTime: boolean;
  /** The chosen free slot's startsAt and location. */
  slot: { startsAt: string; locationId: string | null } | null;
  /** With anyTime: "HH:mm" in the clinic's zone, and where, for an in-person type. */
  time: string;
  locationId: string;
}

export const emptyWhen = (day: string): WhenChoice => ({ day, anyTime: false, slot: null, time: '', locationId: '' });

export interface WhenRequest {
  startsAt: string;
  anyTime: boolean;
  locationId: string | null;
}

/**
 * What to send for the choice, or the problem to show before sending (its message key): no slot chosen, no time or a
 * time the clocks skip that day, no location for an in-person appointment at any time.
 */
export function whenRequest(choice: WhenChoice, timeZone: string, inPerson: boolean): WhenRequest {
  if (!choice.anyTime) {
    if (!choice.slot) {
      throw new LocalError(msgKey('appts.when.error.noSlot'));
    }
    return { startsAt: choice.slot.startsAt, anyTime: false, locationId: null };
  }
  if (!choice.time) {
    throw new LocalError(msgKey('appts.when.error.noTime'));
  }
  const startsAt = zonedStart(choice.day, choice.time, timeZone);
  if (!startsAt) {
    throw new LocalError(msgKey('appts.when.error.skippedTime'));
  }
  if (inPerson && !choice.locationId) {
    throw new LocalError(msgKey('appts.when.error.noLocation'));
  }
  return { startsAt, anyTime: true, locationId: inPerson ? choice.locationId : null };
}
