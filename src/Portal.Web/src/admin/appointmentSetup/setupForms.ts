import { msgKey } from '../../shared/i18n/translate';
import { isClockTime, toClockTime } from '../settings/quietHoursForm';
import type {
  AppointmentType,
  AppointmentTypeBody,
  AvailabilityExceptionBody,
  AvailabilityWindow,
  BookingRules,
  Location,
  LocationBody,
  Provider,
  ProviderBody,
  ReminderSettings,
  SaveReminderSettings,
  TypeBookingRules,
} from './api';

/** Problems found before sending, as message keys by field. */
export type Problems<F extends string> = Partial<Record<F, string>>;

// ---- Lengths of time: the API takes minutes, people think in hours and days. ----

export const DURATION_UNITS = ['minutes', 'hours', 'days'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

const UNIT_MINUTES: Record<DurationUnit, number> = { minutes: 1, hours: 60, days: 1440 };

/** A length of time as typed: an amount and its unit. An empty amount means none was given. */
export interface DurationInput {
  amount: string;
  unit: DurationUnit;
}

/** Minutes as the largest of the allowed units that holds them whole (2880 -> 2 days, 90 -> 90 minutes, 120 -> 2 hours). */
export function durationInput(minutes: number | null | undefined, units: readonly DurationUnit[] = DURATION_UNITS): DurationInput {
  const smallest = units[0] ?? 'minutes';
  if (minutes === null || minutes === undefined) {
    return { amount: '', unit: units.includes('hours') ? 'hours' : smallest };
  }
  if (minutes === 0) {
    return { amount: '0', unit: units.includes('hours') ? 'hours' : smallest };
  }
  const unit = [...units].reverse().find((candidate) => minutes % UNIT_MINUTES[candidate] === 0) ?? smallest;
  return { amount: String(minutes / UNIT_MINUTES[unit]), unit };
}

/**
 * The minutes an input stands for: a whole or decimal amount (1.5 hours, "1,5" in French) making whole minutes;
 * null when the amount is empty, not a number or not a whole number of minutes.
 */
export function minutesOf(input: DurationInput): number | null {
  const amount = input.amount.trim().replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(amount)) {
    return null;
  }
  const minutes = Number(amount) * UNIT_MINUTES[input.unit];
  const rounded = Math.round(minutes);
  return Math.abs(minutes - rounded) < 1e-9 ? rounded : null;
}

/** A whole number typed in a box, or null ("", "2.5", "-1", "12a"). */
export function wholeNumber(text: string): number | null {
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : null;
}

// ---- Providers ----

export interface ProviderForm {
  name: string;
  title: string;
  /** Language codes as typed: "en, fr". */
  languages: string;
  /** The linked staff account, or '' for none. */
  staffAccountId: string;
  active: boolean;
}
export type ProviderField = 'name' | 'title' | 'languages';

export function providerForm(provider?: Provider): ProviderForm {
  return provider
    ? {
        name: provider.name,
        title: provider.title ?? '',
        languages: provider.languages.join(', '),
        staffAccountId: provider.staffAccountId ?? '',
        active: provider.active,
      }
    : { name: '', title: '', languages: '', staffAccountId: '', active: true };
}

/** "EN, fr; es" -> ["en", "fr", "es"]. */
export function parseLanguages(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((code) => code.trim().toLowerCase())
    .filter((code) => code !== '');
}

/** The server's rules: a name of at most 200 characters, a title of at most 100, at most 10 different codes of 2 or 3 letters. */
export function checkProvider(form: ProviderForm): Problems<ProviderField> {
  const problems: Problems<ProviderField> = {};
  const name = form.name.trim();
  if (name === '') {
    problems.name = msgKey('apptSetup.error.nameRequired');
  } else if (name.length > 200) {
    problems.name = msgKey('apptSetup.error.nameTooLong');
  }
  if (form.title.trim().length > 100) {
    problems.title = msgKey('apptSetup.error.titleTooLong');
  }
  const languages = parseLanguages(form.languages);
  if (languages.some((code) => !/^[a-z]{2,3}$/.test(code))) {
    problems.languages = msgKey('apptSetup.error.languageCode');
  } else if (languages.length > 10 || new Set(languages).size !== languages.length) {
    problems.languages = msgKey('apptSetup.error.languagesTooMany');
  }
  return problems;
}

export function providerBody(form: ProviderForm): ProviderBody {
  const title = form.title.trim();
  return {
    name: form.name.trim(),
    title: title === '' ? null : title,
    languages: parseLanguages(form.languages),
    staffAccountId: form.staffAccountId === '' ? null : form.staffAccountId,
    active: form.active,
  };
}

// ---- Locations ----

export interface LocationForm {
  name: string;
  address: string;
  active: boolean;
}
export type LocationField = 'name' | 'address';

export function locationForm(location?: Location): LocationForm {
  return location ? { name: location.name, address: location.address ?? '', active: location.active } : { name: '', address: '', active: true };
}

export function checkLocation(form: LocationForm): Problems<LocationField> {
  const problems: Problems<LocationField> = {};
  const name = form.name.trim();
  if (name === '') {
    problems.name = msgKey('apptSetup.error.nameRequired');
  } else if (name.length > 200) {
    problems.name = msgKey('apptSetup.error.nameTooLong');
  }
  if (form.address.trim().length > 500) {
    problems.address = msgKey('apptSetup.error.addressTooLong');
  }
  return problems;
}

export function locationBody(form: LocationForm): LocationBody {
  const address = form.address.trim();
  return { name: form.name.trim(), address: address === '' ? null : address, active: form.active };
}

// ---- Appointment types ----

export const APPOINTMENT_MODES = ['in_person', 'virtual'] as const;
export type AppointmentMode = (typeof APPOINTMENT_MODES)[number];
export const TYPE_DURATION_UNITS: readonly DurationUnit[] = ['minutes', 'hours'];

export interface TypeForm {
  nameEn: string;
  nameFr: string;
  duration: DurationInput;
  mode: AppointmentMode;
  bookableOnline: boolean;
  providerIds: string[];
  /** Minutes, as typed. */
  bufferBefore: string;
  bufferAfter: string;
  active: boolean;
}
export type TypeField = 'nameEn' | 'nameFr' | 'duration' | 'bufferBefore' | 'bufferAfter' | 'providerIds';

export function typeForm(type?: AppointmentType): TypeForm {
  return type
    ? {
        nameEn: type.nameEn,
        nameFr: type.nameFr,
        duration: durationInput(type.durationMinutes, TYPE_DURATION_UNITS),
        mode: type.mode === 'virtual' ? 'virtual' : 'in_person',
        bookableOnline: type.bookableOnline,
        providerIds: [...type.providerIds],
        bufferBefore: String(type.bufferBeforeMinutes),
        bufferAfter: String(type.bufferAfterMinutes),
        active: type.active,
      }
    : {
        nameEn: '',
        nameFr: '',
        duration: { amount: '', unit: 'minutes' },
        mode: 'in_person',
        bookableOnline: true,
        providerIds: [],
        bufferBefore: '0',
        bufferAfter: '0',
        active: true,
      };
}

/** The server's rules: both names (at most 200 characters), 5 minutes to 8 hours long, buffers of 0 to 240 minutes. */
export function checkType(form: TypeForm): Problems<TypeField> {
  const problems: Problems<TypeField> = {};
  for (const field of ['nameEn', 'nameFr'] as const) {
    const name = form[field].trim();
    if (name === '') {
      problems[field] = field === 'nameEn' ? msgKey('apptSetup.error.nameEnRequired') : msgKey('apptSetup.error.nameFrRequired');
    } else if (name.length > 200) {
      problems[field] = msgKey('apptSetup.error.nameTooLong');
    }
  }
  const minutes = minutesOf(form.duration);
  if (minutes === null || minutes < 5 || minutes > 480) {
    problems.duration = msgKey('apptSetup.error.duration');
  }
  for (const field of ['bufferBefore', 'bufferAfter'] as const) {
    const buffer = wholeNumber(form[field]);
    if (buffer === null || buffer > 240) {
      problems[field] = msgKey('apptSetup.error.buffer');
    }
  }
  if (new Set(form.providerIds).size !== form.providerIds.length || form.providerIds.length > 200) {
    problems.providerIds = msgKey('apptSetup.error.providersTwice');
  }
  return problems;
}

export function typeBody(form: TypeForm): AppointmentTypeBody {
  return {
    nameEn: form.nameEn.trim(),
    nameFr: form.nameFr.trim(),
    durationMinutes: minutesOf(form.duration) ?? 0,
    mode: form.mode,
    bookableOnline: form.bookableOnline,
    providerIds: [...form.providerIds],
    bufferBeforeMinutes: wholeNumber(form.bufferBefore) ?? 0,
    bufferAfterMinutes: wholeNumber(form.bufferAfter) ?? 0,
    active: form.active,
  };
}

// ---- A provider's usual week ----

/** 1 = Monday … 7 = Sunday, as the API counts. */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
export const MAX_WINDOWS = 50;

export interface WindowRow {
  /** The row's own id on the page, for React and for its fields' ids. */
  key: string;
  weekday: number;
  locationId: string;
  /** HH:mm */
  start: string;
  end: string;
}
export type WindowField = 'locationId' | 'start' | 'end';

export interface WindowProblems {
  rows: Record<string, Problems<WindowField>>;
  /** A problem of the whole week (too many windows). */
  week?: string;
}

let rowCount = 0;
/** A key no other row on the page has. */
export function newRowKey(): string {
  rowCount += 1;
  return `row-${rowCount}`;
}

export function windowRows(windows: readonly AvailabilityWindow[]): WindowRow[] {
  return windows.map((window) => ({
    key: newRowKey(),
    weekday: window.weekday,
    locationId: window.locationId,
    start: toClockTime(window.start),
    end: toClockTime(window.end),
  }));
}

/**
 * The server's rules: a location and both times on each window, the end after the start on the same day, no two
 * windows of one weekday overlapping (even at different locations), at most 50.
 */
export function checkWindows(rows: readonly WindowRow[]): WindowProblems {
  const result: WindowProblems = { rows: {} };
  const add = (key: string, field: WindowField, message: string) => {
    result.rows[key] = { ...result.rows[key], [field]: result.rows[key]?.[field] ?? message };
  };
  for (const row of rows) {
    if (row.locationId === '') {
      add(row.key, 'locationId', msgKey('apptSetup.error.locationRequired'));
    }
    const start = toClockTime(row.start);
    const end = toClockTime(row.end);
    if (!isClockTime(start)) {
      add(row.key, 'start', msgKey('apptSetup.error.timeRequired'));
    }
    if (!isClockTime(end)) {
      add(row.key, 'end', msgKey('apptSetup.error.timeRequired'));
    } else if (isClockTime(start) && end <= start) {
      add(row.key, 'end', msgKey('apptSetup.error.endAfterStart'));
    }
  }
  for (const weekday of WEEKDAYS) {
    const day = rows
      .filter((row) => row.weekday === weekday && !result.rows[row.key])
      .sort((a, b) => (toClockTime(a.start) < toClockTime(b.start) ? -1 : 1));
    day.slice(1).forEach((row, index) => {
      if (toClockTime(row.start) < toClockTime(day[index]!.end)) {
        add(row.key, 'start', msgKey('apptSetup.error.windowsOverlap'));
      }
    });
  }
  if (rows.length > MAX_WINDOWS) {
    result.week = msgKey('apptSetup.error.tooManyWindows');
  }
  return result;
}

export const hasWindowProblems = (problems: WindowProblems) => problems.week !== undefined || Object.keys(problems.rows).length > 0;

/** Times as the API's TimeOnly reads them, by weekday then start. */
export function windowsBody(rows: readonly WindowRow[]): AvailabilityWindow[] {
  return rows
    .map((row) => ({ locationId: row.locationId, weekday: row.weekday, start: `${toClockTime(row.start)}:00`, end: `${toClockTime(row.end)}:00` }))
    .sort((a, b) => a.weekday - b.weekday || (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
}

// ---- Dated changes: time off and extra hours ----

export const EXCEPTION_KINDS = ['unavailable', 'extra'] as const;
export type ExceptionKind = (typeof EXCEPTION_KINDS)[number];

export interface ExceptionForm {
  kind: ExceptionKind;
  /** yyyy-mm-dd */
  startsOn: string;
  /** yyyy-mm-dd; empty for one day. */
  endsOn: string;
  /** Time off for whole days; extra hours always have times. */
  wholeDays: boolean;
  start: string;
  end: string;
  locationId: string;
  reason: string;
}
export type ExceptionField = 'startsOn' | 'endsOn' | 'start' | 'end' | 'locationId' | 'reason';

export const emptyExceptionForm = (): ExceptionForm => ({
  kind: 'unavailable',
  startsOn: '',
  endsOn: '',
  wholeDays: true,
  start: '',
  end: '',
  locationId: '',
  reason: '',
});

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function dayNumber(date: string): number | null {
  if (!DATE.test(date)) {
    return null;
  }
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const value = Date.UTC(year, month - 1, day);
  const back = new Date(value);
  return back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === day ? value / 86_400_000 : null;
}

const usesTimes = (form: ExceptionForm) => form.kind === 'extra' || !form.wholeDays;

/** The server's rules: a first day, a last day on or after it at most 366 days later, hours when not whole days, a location for extra hours. */
export function checkException(form: ExceptionForm): Problems<ExceptionField> {
  const problems: Problems<ExceptionField> = {};
  const first = dayNumber(form.startsOn);
  if (first === null) {
    problems.startsOn = msgKey('apptSetup.error.dateRequired');
  }
  if (form.endsOn.trim() !== '') {
    const last = dayNumber(form.endsOn);
    if (last === null) {
      problems.endsOn = msgKey('apptSetup.error.dateRequired');
    } else if (first !== null && (last < first || last - first > 366)) {
      problems.endsOn = msgKey('apptSetup.error.endsOn');
    }
  }
  if (usesTimes(form)) {
    const start = toClockTime(form.start);
    const end = toClockTime(form.end);
    if (!isClockTime(start)) {
      problems.start = msgKey('apptSetup.error.timeRequired');
    }
    if (!isClockTime(end)) {
      problems.end = msgKey('apptSetup.error.timeRequired');
    } else if (isClockTime(start) && end <= start) {
      problems.end = msgKey('apptSetup.error.endAfterStart');
    }
  }
  if (form.kind === 'extra' && form.locationId === '') {
    problems.locationId = msgKey('apptSetup.error.locationRequired');
  }
  if (form.reason.trim().length > 200) {
    problems.reason = msgKey('apptSetup.error.reasonTooLong');
  }
  return problems;
}

export function exceptionBody(form: ExceptionForm): AvailabilityExceptionBody {
  const times = usesTimes(form);
  const reason = form.reason.trim();
  return {
    kind: form.kind,
    startsOn: form.startsOn,
    endsOn: form.endsOn.trim() === '' ? form.startsOn : form.endsOn,
    start: times ? `${toClockTime(form.start)}:00` : null,
    end: times ? `${toClockTime(form.end)}:00` : null,
    locationId: form.kind === 'extra' ? form.locationId : null,
    reason: reason === '' ? null : reason,
  };
}

// ---- Booking rules ----

export const BOOKING_MODES = ['direct', 'request'] as const;
export type BookingMode = (typeof BOOKING_MODES)[number];
export const RULE_LIMITS = { maxMinutes: 43200, maxAheadDays: 730, maxUpcoming: 100 } as const;

export interface RulesForm {
  minNotice: DurationInput;
  bookAheadDays: string;
  changeWindow: DurationInput;
  maxUpcoming: string;
  /** '' only in a type's own rules: the clinic's. */
  bookingMode: BookingMode | '';
}
export type RulesField = 'minNoticeMinutes' | 'bookAheadDays' | 'changeWindowMinutes' | 'maxUpcoming' | 'bookingMode';

export function rulesForm(rules: BookingRules): RulesForm {
  return {
    minNotice: durationInput(rules.minNoticeMinutes),
    bookAheadDays: String(rules.bookAheadDays),
    changeWindow: durationInput(rules.changeWindowMinutes),
    maxUpcoming: String(rules.maxUpcoming),
    bookingMode: rules.bookingMode === 'request' ? 'request' : 'direct',
  };
}

/** A type's own rules: each empty box follows the clinic's. */
export function typeRulesForm(rules: TypeBookingRules): RulesForm {
  return {
    minNotice: durationInput(rules.minNoticeMinutes ?? null),
    bookAheadDays: rules.bookAheadDays === null || rules.bookAheadDays === undefined ? '' : String(rules.bookAheadDays),
    changeWindow: durationInput(rules.changeWindowMinutes ?? null),
    maxUpcoming: rules.maxUpcoming === null || rules.maxUpcoming === undefined ? '' : String(rules.maxUpcoming),
    bookingMode: rules.bookingMode === 'request' || rules.bookingMode === 'direct' ? rules.bookingMode : '',
  };
}

function checkRuleValues(form: RulesForm, optional: boolean): Problems<RulesField> {
  const problems: Problems<RulesField> = {};
  const given = (text: string) => !optional || text.trim() !== '';
  if (given(form.minNotice.amount)) {
    const minutes = minutesOf(form.minNotice);
    if (minutes === null || minutes > RULE_LIMITS.maxMinutes) {
      problems.minNoticeMinutes = msgKey('apptSetup.error.minNotice');
    }
  }
  if (given(form.bookAheadDays)) {
    const days = wholeNumber(form.bookAheadDays);
    if (days === null || days < 1 || days > RULE_LIMITS.maxAheadDays) {
      problems.bookAheadDays = msgKey('apptSetup.error.bookAhead');
    }
  }
  if (given(form.changeWindow.amount)) {
    const minutes = minutesOf(form.changeWindow);
    if (minutes === null || minutes > RULE_LIMITS.maxMinutes) {
      problems.changeWindowMinutes = msgKey('apptSetup.error.changeWindow');
    }
  }
  if (given(form.maxUpcoming)) {
    const most = wholeNumber(form.maxUpcoming);
    if (most === null || most < 1 || most > RULE_LIMITS.maxUpcoming) {
      problems.maxUpcoming = msgKey('apptSetup.error.maxUpcoming');
    }
  }
  if (!optional && form.bookingMode === '') {
    problems.bookingMode = msgKey('apptSetup.error.bookingMode');
  }
  return problems;
}

/** The clinic's rules, as the server checks them: each in range, and the notice shorter than how far ahead patients may book. */
export function checkRules(form: RulesForm): Problems<RulesField> {
  const problems = checkRuleValues(form, false);
  if (!problems.minNoticeMinutes && !problems.bookAheadDays) {
    if ((minutesOf(form.minNotice) ?? 0) >= (wholeNumber(form.bookAheadDays) ?? 0) * 1440) {
      problems.minNoticeMinutes = msgKey('apptSetup.error.noticeBeyondAhead');
    }
  }
  return problems;
}

/** A type's own rules: each one given in range; empty ones follow the clinic's. */
export function checkTypeRules(form: RulesForm): Problems<RulesField> {
  return checkRuleValues(form, true);
}

export function rulesBody(form: RulesForm): BookingRules {
  return {
    minNoticeMinutes: minutesOf(form.minNotice) ?? 0,
    bookAheadDays: wholeNumber(form.bookAheadDays) ?? 0,
    changeWindowMinutes: minutesOf(form.changeWindow) ?? 0,
    maxUpcoming: wholeNumber(form.maxUpcoming) ?? 0,
    bookingMode: form.bookingMode === '' ? 'direct' : form.bookingMode,
  };
}

export function typeRulesBody(form: RulesForm): TypeBookingRules {
  const blank = (text: string) => text.trim() === '';
  return {
    minNoticeMinutes: blank(form.minNotice.amount) ? null : minutesOf(form.minNotice),
    bookAheadDays: blank(form.bookAheadDays) ? null : wholeNumber(form.bookAheadDays),
    changeWindowMinutes: blank(form.changeWindow.amount) ? null : minutesOf(form.changeWindow),
    maxUpcoming: blank(form.maxUpcoming) ? null : wholeNumber(form.maxUpcoming),
    bookingMode: form.bookingMode === '' ? null : form.bookingMode,
  };
}

// ---- Reminders ----

export const REMINDER_LIMITS = { maxOffsets: 5, minMinutes: 15, maxMinutes: 20160 } as const;

export interface ReminderRow extends DurationInput {
  key: string;
}

export interface RemindersForm {
  offsets: ReminderRow[];
  nameAppointmentType: boolean;
}

export interface ReminderProblems {
  rows: Record<string, string>;
  all?: string;
}

export function remindersForm(settings: ReminderSettings): RemindersForm {
  return {
    offsets: settings.offsetsMinutes.map((minutes) => ({ key: newRowKey(), ...durationInput(minutes) })),
    nameAppointmentType: settings.nameAppointmentType,
  };
}

/** The server's rules: at most 5 different times, each from 15 minutes to 14 days before. */
export function checkReminders(form: RemindersForm): ReminderProblems {
  const problems: ReminderProblems = { rows: {} };
  const seen = new Set<number>();
  for (const row of form.offsets) {
    const minutes = minutesOf(row);
    if (minutes === null || minutes < REMINDER_LIMITS.minMinutes || minutes > REMINDER_LIMITS.maxMinutes) {
      problems.rows[row.key] = msgKey('apptSetup.error.reminderRange');
    } else if (seen.has(minutes)) {
      problems.rows[row.key] = msgKey('apptSetup.error.reminderTwice');
    } else {
      seen.add(minutes);
    }
  }
  if (form.offsets.length > REMINDER_LIMITS.maxOffsets) {
    problems.all = msgKey('apptSetup.error.remindersTooMany');
  }
  return problems;
}

export const hasReminderProblems = (problems: ReminderProblems) => problems.all !== undefined || Object.keys(problems.rows).length > 0;

/** Largest first, as the server keeps them. */
export function remindersBody(form: RemindersForm): SaveReminderSettings {
  return {
    offsetsMinutes: form.offsets.map((row) => minutesOf(row) ?? 0).sort((a, b) => b - a),
    nameAppointmentType: form.nameAppointmentType,
  };
}
