import { formatDateTime } from '../../shared/format';
import type { Lang } from '../../shared/i18n/language';
import { msgKey, type Translate } from '../../shared/i18n/translate';
import type { HistoryAction, HistoryEntry } from './api';
import { PATIENT_FIELD_KEYS, formatList, nameOf, type Keys } from './labels';

/** The roles the server names staff with, as a sentence says them ("clinic admin"). */
const ROLE_KEYS: Keys = {
  owner: msgKey('history.role.owner'),
  admin: msgKey('history.role.admin'),
  staff: msgKey('history.role.staff'),
  operator: msgKey('history.role.operator'),
};

/** Who did it, as the start of a sentence: "Dr. Ana Roy, clinic admin,", "The patient", "Someone not signed in". */
export function historyActor(entry: HistoryEntry, t: Translate): string {
  switch (entry.actorKind) {
    case 'patient':
      return t('history.who.patient');
    case 'system':
      return t('history.who.system');
    case 'staff':
    case 'operator': {
      if (!entry.actor) {
        return entry.actorKind === 'operator' ? t('history.who.someOperator') : t('history.who.someStaff');
      }
      const role = entry.actorRole ? ROLE_KEYS[entry.actorRole] : undefined;
      return role ? t('history.who.named', { name: entry.actor, role: t(role) }) : entry.actor;
    }
    default:
      return t('history.who.anonymous');
  }
}

/** A sentence for one entry, and one for a row that folds several (only repeated views fold). */
interface Said {
  one: string;
  many: string;
}

const said = (one: string, many: string): Said => ({ one, many });

/** The views that fold: the same person opening the same thing again within the hour. */
const VIEWS: Partial<Record<HistoryAction, Said>> = {
  'registration.patient.viewed': said(msgKey('history.event.viewed.one'), msgKey('history.event.viewed.many')),
  'registration.documents.listed': said(msgKey('history.event.documentsListed.one'), msgKey('history.event.documentsListed.many')),
  'messaging.conversations.listed': said(msgKey('history.event.messagesListed.one'), msgKey('history.event.messagesListed.many')),
  'questionnaires.responses.listed': said(
    msgKey('history.event.questionnairesListed.one'),
    msgKey('history.event.questionnairesListed.many'),
  ),
  'portal.home.viewed': said(msgKey('history.event.portalHomeViewed.one'), msgKey('history.event.portalHomeViewed.many')),
};

/** The patient reading their own details on the portal is told apart from staff opening the chart. */
const OWN_DETAILS_VIEWED = said(msgKey('history.event.viewedOwn.one'), msgKey('history.event.viewedOwn.many'));

function contactName(kind: string | null, t: Translate): string {
  if (kind === 'email') {
    return t('history.contact.email');
  }
  return kind === 'mobile' ? t('history.contact.mobile') : t('history.contact.any');
}

function channel(kind: string | null, t: Translate): string {
  if (kind === 'email') {
    return t('history.channel.email');
  }
  return kind === 'mobile' ? t('history.channel.mobile') : t('history.channel.any');
}

/**
 * The entry as a sentence in the reader's language: who, what, and for sign-in steps from where; a folded row says how
 * many times and since when ("Dr. Ana Roy, clinic admin, opened the chart 3 times, first on December 6, 2026 at 10:02 a.m."), in
 * the clinic's time zone when given.
 */
export function historySentence(entry: HistoryEntry, lang: Lang, t: Translate, timeZone: string | null = null): string {
  const who = historyActor(entry, t);
  const from = entry.from ? t('history.from', { address: entry.from }) : '';
  const fields = () => formatList((entry.changes ?? []).map((field) => nameOf(PATIENT_FIELD_KEYS, field, t)), lang);
  const changed = (withFields: string, without: string) =>
    entry.changes && entry.changes.length > 0 ? t(withFields, { who, fields: fields() }) : t(without, { who });

  const views = entry.action === 'registration.patient.viewed' && entry.actorKind === 'patient' ? OWN_DETAILS_VIEWED : VIEWS[entry.action];
  if (views) {
    return entry.count > 1
      ? t(views.many, { who, count: entry.count, first: formatDateTime(entry.firstOccurredAt, lang, timeZone) })
      : t(views.one, { who });
  }

  switch (entry.action) {
    case 'registration.patient.created':
      return t('history.event.created', { who });
    case 'registration.patient.updated':
      return changed('history.event.updated', 'history.event.updatedNoFields');
    case 'registration.patient.portal_access_changed':
      return entry.portalAccess?.to ? t('history.event.portalAccessOn', { who }) : t('history.event.portalAccessOff', { who });
    case 'registration.patient.changed_by_patient':
      return changed('history.event.changedByPatient', 'history.event.changedByPatientNoFields');
    case 'registration.patient.contact_changed':
      return changed('history.event.contactChangedInChart', 'history.event.contactChangedInChartNoFields');
    case 'identity.patient.passcode_requested':
      return t('history.event.passcodeRequested', { who, channel: channel(entry.contactKind, t), from });
    case 'identity.patient.passcode_refused':
      return t('history.event.passcodeRefused', { from });
    case 'identity.patient.signed_in':
      return t('history.event.signedIn', { who, from });
    case 'identity.patient.signed_out':
      return t('history.event.signedOut', { who });
    case 'identity.patient.session_ended':
      return t('history.event.sessionEnded', { who });
    case 'identity.patient.link_refused':
      return t('history.event.linkRefused', { from });
    case 'identity.patient.link_passcode_resent':
      return t('history.event.linkPasscodeResent', { who, from });
    case 'identity.patient.contact_change_requested':
      return t('history.event.contactChangeRequested', { who, contact: contactName(entry.contactKind, t) });
    case 'identity.patient.contact_changed':
      return t('history.event.contactConfirmed', { who, contact: contactName(entry.contactKind, t) });
    default:
      return t('history.event.other', { who });
  }
}
