import { describe, expect, it } from 'vitest';
import {
  checkException,
  checkProvider,
  checkReminders,
  checkRules,
  checkType,
  checkTypeRules,
  checkWindows,
  durationInput,
  emptyExceptionForm,
  exceptionBody,
  locationBody,
  minutesOf,
  parseLanguages,
  providerBody,
  providerForm,
  remindersBody,
  remindersForm,
  rulesBody,
  rulesForm,
  typeBody,
  typeForm,
  typeRulesBody,
  typeRulesForm,
  windowRows,
  windowsBody,
  type RulesForm,
  type WindowRow,
} from '../src/admin/appointmentSetup/setupForms';
import { parseAdminPath } from '../src/admin/routes';
import { appointmentSetupPath, providerHoursPath } from '../src/admin/appointmentSetup/setupRoutes';

const PROVIDER = '0190f5a2-7c1e-7d3a-9b2c-0000000000a1';
const LOCATION = '0190f5a2-7c1e-7d3a-9b2c-0000000000b1';

describe('the appointment set-up addresses', () => {
  it('are clinic settings pages under settings/appointments', () => {
    for (const page of ['providers', 'locations', 'types', 'rules', 'reminders']) {
      expect(parseAdminPath(`/demo/admin/settings/appointments/${page}`)).toEqual({
        route: { area: 'clinic', slug: 'demo', page: `settings/appointments/${page}` },
        canonical: null,
      });
    }
    expect(appointmentSetupPath('clinique-été', 'settings/appointments/rules')).toBe('/clinique-%C3%A9t%C3%A9/admin/settings/appointments/rules');
  });

  it("name a provider's hours by the provider", () => {
    expect(providerHoursPath('demo', PROVIDER)).toBe(`/demo/admin/settings/appointments/providers/${PROVIDER}/hours`);
    expect(parseAdminPath(providerHoursPath('demo', PROVIDER)).route).toEqual({
      area: 'clinic',
      slug: 'demo',
      page: 'settings/appointments/hours',
      providerId: PROVIDER,
    });
  });

  it('know no other pages there', () => {
    expect(parseAdminPath('/demo/admin/settings/appointments').route).toMatchObject({ page: 'notFound' });
    expect(parseAdminPath('/demo/admin/settings/appointments/hours').route).toMatchObject({ page: 'notFound' });
    expect(parseAdminPath(`/demo/admin/settings/appointments/providers/${PROVIDER}`).route).toMatchObject({ page: 'notFound' });
    expect(parseAdminPath(`/demo/admin/settings/appointments/providers/${PROVIDER}/hours/more`).route).toMatchObject({ page: 'notFound' });
    expect(parseAdminPath('/demo/admin/appointments/providers').route).toMatchObject({ page: 'notFound' });
  });
});

describe('lengths of time in people\'s units', () => {
  it('shows minutes in the largest unit that holds them whole', () => {
    expect(durationInput(2880)).toEqual({ amount: '2', unit: 'days' });
    expect(durationInput(120)).toEqual({ amount: '2', unit: 'hours' });
    expect(durationInput(90)).toEqual({ amount: '90', unit: 'minutes' });
    expect(durationInput(1440)).toEqual({ amount: '1', unit: 'days' });
    expect(durationInput(0)).toEqual({ amount: '0', unit: 'hours' });
    expect(durationInput(null)).toEqual({ amount: '', unit: 'hours' });
    expect(durationInput(2880, ['minutes', 'hours'])).toEqual({ amount: '48', unit: 'hours' });
    expect(durationInput(45, ['minutes', 'hours'])).toEqual({ amount: '45', unit: 'minutes' });
  });

  it('turns what was typed into minutes, or null when it is not whole minutes', () => {
    expect(minutesOf({ amount: '2', unit: 'days' })).toBe(2880);
    expect(minutesOf({ amount: ' 3 ', unit: 'hours' })).toBe(180);
    expect(minutesOf({ amount: '1.5', unit: 'hours' })).toBe(90);
    expect(minutesOf({ amount: '1,5', unit: 'hours' })).toBe(90);
    expect(minutesOf({ amount: '0.25', unit: 'days' })).toBe(360);
    expect(minutesOf({ amount: '0', unit: 'minutes' })).toBe(0);
    expect(minutesOf({ amount: '1.5', unit: 'minutes' })).toBeNull();
    expect(minutesOf({ amount: '', unit: 'hours' })).toBeNull();
    expect(minutesOf({ amount: '-2', unit: 'hours' })).toBeNull();
    expect(minutesOf({ amount: '2h', unit: 'hours' })).toBeNull();
  });

  it('round-trips through the form', () => {
    for (const minutes of [15, 45, 60, 90, 120, 1440, 2880, 20160, 43200]) {
      expect(minutesOf(durationInput(minutes))).toBe(minutes);
    }
  });
});

describe('the provider form', () => {
  it('reads language codes however they are separated', () => {
    expect(parseLanguages('EN, fr;es  pt')).toEqual(['en', 'fr', 'es', 'pt']);
    expect(parseLanguages(' ')).toEqual([]);
  });

  it('checks what the server checks', () => {
    expect(checkProvider(providerForm())).toEqual({ name: 'apptSetup.error.nameRequired' });
    expect(checkProvider({ ...providerForm(), name: 'Dr. Ada Lee', languages: 'en, fr' })).toEqual({});
    expect(checkProvider({ ...providerForm(), name: 'x'.repeat(201) })).toEqual({ name: 'apptSetup.error.nameTooLong' });
    expect(checkProvider({ ...providerForm(), name: 'A', title: 't'.repeat(101) })).toEqual({ title: 'apptSetup.error.titleTooLong' });
    expect(checkProvider({ ...providerForm(), name: 'A', languages: 'english' })).toEqual({ languages: 'apptSetup.error.languageCode' });
    expect(checkProvider({ ...providerForm(), name: 'A', languages: 'en, EN' })).toEqual({ languages: 'apptSetup.error.languagesTooMany' });
    expect(checkProvider({ ...providerForm(), name: 'A', languages: 'aa ab ac ad ae af ag ah ai aj ak' })).toEqual({ languages: 'apptSetup.error.languagesTooMany' });
  });

  it('sends trimmed values, and null for an empty title or no staff account', () => {
    expect(providerBody({ name: ' Ada Lee ', title: ' ', languages: 'FR, en', staffAccountId: '', active: true })).toEqual({
      name: 'Ada Lee',
      title: null,
      languages: ['fr', 'en'],
      staffAccountId: null,
      active: true,
    });
    const provider = { id: PROVIDER, name: 'Ada Lee', title: 'Dr.', languages: ['en', 'fr'], staffAccountId: LOCATION, active: false };
    expect(providerBody(providerForm(provider))).toEqual({ name: 'Ada Lee', title: 'Dr.', languages: ['en', 'fr'], staffAccountId: LOCATION, active: false });
    expect(locationBody({ name: ' Main office ', address: ' ', active: true })).toEqual({ name: 'Main office', address: null, active: true });
  });
});

describe('the appointment type form', () => {
  const valid = { ...typeForm(), nameEn: 'Follow-up', nameFr: 'Suivi', duration: { amount: '30', unit: 'minutes' as const } };

  it('checks both names, the length from 5 minutes to 8 hours, and buffers of 0 to 240 minutes', () => {
    expect(checkType(valid)).toEqual({});
    expect(checkType(typeForm())).toEqual({
      nameEn: 'apptSetup.error.nameEnRequired',
      nameFr: 'apptSetup.error.nameFrRequired',
      duration: 'apptSetup.error.duration',
    });
    expect(checkType({ ...valid, duration: { amount: '4', unit: 'minutes' } }).duration).toBe('apptSetup.error.duration');
    expect(checkType({ ...valid, duration: { amount: '8', unit: 'hours' } }).duration).toBeUndefined();
    expect(checkType({ ...valid, duration: { amount: '8.5', unit: 'hours' } }).duration).toBe('apptSetup.error.duration');
    expect(checkType({ ...valid, bufferBefore: '241', bufferAfter: '-1' })).toEqual({ bufferBefore: 'apptSetup.error.buffer', bufferAfter: 'apptSetup.error.buffer' });
    expect(checkType({ ...valid, bufferBefore: '240', bufferAfter: '0' })).toEqual({});
    expect(checkType({ ...valid, providerIds: [PROVIDER, PROVIDER] })).toEqual({ providerIds: 'apptSetup.error.providersTwice' });
  });

  it('sends minutes and round-trips a saved type', () => {
    expect(typeBody({ ...valid, duration: { amount: '1.5', unit: 'hours' }, mode: 'virtual', bookableOnline: false, providerIds: [PROVIDER], bufferBefore: '5', bufferAfter: '10' })).toEqual({
      nameEn: 'Follow-up',
      nameFr: 'Suivi',
      durationMinutes: 90,
      mode: 'virtual',
      bookableOnline: false,
      providerIds: [PROVIDER],
      bufferBeforeMinutes: 5,
      bufferAfterMinutes: 10,
      active: true,
    });
    const saved = {
      id: PROVIDER,
      nameEn: 'Physical',
      nameFr: 'Examen',
      durationMinutes: 60,
      mode: 'in_person',
      bookableOnline: true,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 15,
      providerIds: [PROVIDER],
      active: true,
    };
    expect(typeForm(saved).duration).toEqual({ amount: '1', unit: 'hours' });
    const { id: _id, ...body } = saved;
    expect(typeBody(typeForm(saved))).toEqual(body);
  });
});

describe("a provider's usual week", () => {
  const row = (weekday: number, start: string, end: string, key = `${weekday}-${start}`): WindowRow => ({ key, weekday, locationId: LOCATION, start, end });

  it('reads the API times as HH:mm and sends them back with seconds, by day and start', () => {
    const rows = windowRows([
      { locationId: LOCATION, weekday: 3, start: '13:00:00', end: '17:00:00' },
      { locationId: LOCATION, weekday: 1, start: '09:00:00', end: '12:00:00' },
    ]);
    expect(rows.map(({ weekday, start, end }) => ({ weekday, start, end }))).toEqual([
      { weekday: 3, start: '13:00', end: '17:00' },
      { weekday: 1, start: '09:00', end: '12:00' },
    ]);
    expect(new Set(rows.map((r) => r.key)).size).toBe(2);
    expect(windowsBody(rows)).toEqual([
      { locationId: LOCATION, weekday: 1, start: '09:00:00', end: '12:00:00' },
      { locationId: LOCATION, weekday: 3, start: '13:00:00', end: '17:00:00' },
    ]);
  });

  it('needs a location and an end after the start on each window', () => {
    expect(checkWindows([row(1, '09:00', '12:00'), row(1, '13:00', '17:00')])).toEqual({ rows: {} });
    expect(checkWindows([{ ...row(1, '09:00', '09:00', 'a'), locationId: '' }, row(2, '', '10:00', 'b')]).rows).toEqual({
      a: { locationId: 'apptSetup.error.locationRequired', end: 'apptSetup.error.endAfterStart' },
      b: { start: 'apptSetup.error.timeRequired' },
    });
  });

  it('refuses overlapping hours on one day, even back to back on another day they are fine', () => {
    expect(checkWindows([row(1, '09:00', '12:00', 'a'), row(1, '11:30', '14:00', 'b')]).rows).toEqual({ b: { start: 'apptSetup.error.windowsOverlap' } });
    expect(checkWindows([row(1, '09:00', '12:00'), row(1, '12:00', '14:00'), row(2, '10:00', '11:00')]).rows).toEqual({});
  });

  it('holds at most 50 windows', () => {
    const many = Array.from({ length: 51 }, (_, index) => row(1 + (index % 7), `${String(Math.floor(index / 7)).padStart(2, '0')}:00`, `${String(Math.floor(index / 7)).padStart(2, '0')}:30`, `k${index}`));
    expect(checkWindows(many).week).toBe('apptSetup.error.tooManyWindows');
    expect(checkWindows(many.slice(0, 50)).week).toBeUndefined();
  });
});

describe('time off and extra hours', () => {
  it('sends a whole day off as one day without hours or location', () => {
    const form = { ...emptyExceptionForm(), startsOn: '2026-12-25', reason: ' Christmas ' };
    expect(checkException(form)).toEqual({});
    expect(exceptionBody(form)).toEqual({ kind: 'unavailable', startsOn: '2026-12-25', endsOn: '2026-12-25', start: null, end: null, locationId: null, reason: 'Christmas' });
  });

  it('sends some hours off, and extra hours at a location', () => {
    expect(exceptionBody({ ...emptyExceptionForm(), startsOn: '2026-12-24', endsOn: '2026-12-31', wholeDays: false, start: '12:00', end: '17:00', locationId: LOCATION })).toEqual({
      kind: 'unavailable',
      startsOn: '2026-12-24',
      endsOn: '2026-12-31',
      start: '12:00:00',
      end: '17:00:00',
      locationId: null,
      reason: null,
    });
    expect(exceptionBody({ ...emptyExceptionForm(), kind: 'extra', startsOn: '2027-01-09', start: '09:00', end: '12:00', locationId: LOCATION })).toMatchObject({
      kind: 'extra',
      endsOn: '2027-01-09',
      start: '09:00:00',
      locationId: LOCATION,
    });
  });

  it('checks the days, the hours and the location as the server does', () => {
    expect(checkException(emptyExceptionForm())).toEqual({ startsOn: 'apptSetup.error.dateRequired' });
    expect(checkException({ ...emptyExceptionForm(), startsOn: '2026-02-30' })).toEqual({ startsOn: 'apptSetup.error.dateRequired' });
    expect(checkException({ ...emptyExceptionForm(), startsOn: '2026-12-25', endsOn: '2026-12-24' })).toEqual({ endsOn: 'apptSetup.error.endsOn' });
    expect(checkException({ ...emptyExceptionForm(), startsOn: '2026-01-01', endsOn: '2027-01-02' })).toEqual({});
    expect(checkException({ ...emptyExceptionForm(), startsOn: '2026-01-01', endsOn: '2027-01-03' })).toEqual({ endsOn: 'apptSetup.error.endsOn' });
    expect(checkException({ ...emptyExceptionForm(), kind: 'extra', startsOn: '2026-12-25' })).toEqual({
      start: 'apptSetup.error.timeRequired',
      end: 'apptSetup.error.timeRequired',
      locationId: 'apptSetup.error.locationRequired',
    });
    expect(checkException({ ...emptyExceptionForm(), startsOn: '2026-12-25', wholeDays: false, start: '14:00', end: '13:00' })).toEqual({ end: 'apptSetup.error.endAfterStart' });
    expect(checkException({ ...emptyExceptionForm(), startsOn: '2026-12-25', reason: 'r'.repeat(201) })).toEqual({ reason: 'apptSetup.error.reasonTooLong' });
  });
});

describe('booking rules', () => {
  const defaults = { minNoticeMinutes: 120, bookAheadDays: 90, changeWindowMinutes: 1440, maxUpcoming: 3, bookingMode: 'direct' };

  it("shows the clinic's rules in hours and days and sends them back in minutes", () => {
    const form = rulesForm(defaults);
    expect(form).toEqual({ minNotice: { amount: '2', unit: 'hours' }, bookAheadDays: '90', changeWindow: { amount: '1', unit: 'days' }, maxUpcoming: '3', bookingMode: 'direct' });
    expect(rulesBody(form)).toEqual(defaults);
    expect(rulesBody({ ...form, minNotice: { amount: '1', unit: 'days' }, bookingMode: 'request' })).toEqual({ ...defaults, minNoticeMinutes: 1440, bookingMode: 'request' });
  });

  it('checks each rule in range, and the notice shorter than how far ahead', () => {
    const form = rulesForm(defaults);
    expect(checkRules(form)).toEqual({});
    expect(checkRules({ ...form, minNotice: { amount: '31', unit: 'days' } })).toEqual({ minNoticeMinutes: 'apptSetup.error.minNotice' });
    expect(checkRules({ ...form, minNotice: { amount: '30', unit: 'days' }, bookAheadDays: '31' })).toEqual({});
    expect(checkRules({ ...form, minNotice: { amount: '3', unit: 'days' }, bookAheadDays: '3' })).toEqual({ minNoticeMinutes: 'apptSetup.error.noticeBeyondAhead' });
    expect(checkRules({ ...form, bookAheadDays: '0' })).toEqual({ bookAheadDays: 'apptSetup.error.bookAhead' });
    expect(checkRules({ ...form, bookAheadDays: '731' })).toEqual({ bookAheadDays: 'apptSetup.error.bookAhead' });
    expect(checkRules({ ...form, changeWindow: { amount: '', unit: 'hours' } })).toEqual({ changeWindowMinutes: 'apptSetup.error.changeWindow' });
    expect(checkRules({ ...form, maxUpcoming: '101' })).toEqual({ maxUpcoming: 'apptSetup.error.maxUpcoming' });
    expect(checkRules({ ...form, maxUpcoming: '0' })).toEqual({ maxUpcoming: 'apptSetup.error.maxUpcoming' });
    expect(checkRules({ ...form, bookingMode: '' })).toEqual({ bookingMode: 'apptSetup.error.bookingMode' });
  });

  it("leaves a type's empty rules to the clinic's", () => {
    const none = { minNoticeMinutes: null, bookAheadDays: null, changeWindowMinutes: null, maxUpcoming: null, bookingMode: null };
    const empty: RulesForm = typeRulesForm(none);
    expect(empty).toEqual({ minNotice: { amount: '', unit: 'hours' }, bookAheadDays: '', changeWindow: { amount: '', unit: 'hours' }, maxUpcoming: '', bookingMode: '' });
    expect(checkTypeRules(empty)).toEqual({});
    expect(typeRulesBody(empty)).toEqual(none);
    const own = { minNoticeMinutes: 2880, bookAheadDays: null, changeWindowMinutes: 60, maxUpcoming: 1, bookingMode: 'request' };
    expect(typeRulesBody(typeRulesForm(own))).toEqual(own);
    expect(checkTypeRules({ ...empty, maxUpcoming: '0', bookAheadDays: '800' })).toEqual({ maxUpcoming: 'apptSetup.error.maxUpcoming', bookAheadDays: 'apptSetup.error.bookAhead' });
  });
});

describe('reminders', () => {
  it('shows two days and two hours, and sends them largest first', () => {
    const form = remindersForm({ offsetsMinutes: [2880, 120], nameAppointmentType: false, isDefault: true });
    expect(form.offsets.map(({ amount, unit }) => ({ amount, unit }))).toEqual([
      { amount: '2', unit: 'days' },
      { amount: '2', unit: 'hours' },
    ]);
    expect(checkReminders(form)).toEqual({ rows: {} });
    const reordered = { ...form, offsets: [form.offsets[1]!, { ...form.offsets[0]!, amount: '3' }] };
    expect(remindersBody({ ...reordered, nameAppointmentType: true })).toEqual({ offsetsMinutes: [4320, 120], nameAppointmentType: true });
    expect(remindersBody({ offsets: [], nameAppointmentType: false })).toEqual({ offsetsMinutes: [], nameAppointmentType: false });
  });

  it('takes at most 5 different times, each from 15 minutes to 14 days', () => {
    const row = (key: string, amount: string, unit: 'minutes' | 'hours' | 'days') => ({ key, amount, unit });
    expect(checkReminders({ offsets: [row('a', '14', 'minutes'), row('b', '15', 'days'), row('c', '14', 'days'), row('d', '15', 'minutes')], nameAppointmentType: false })).toEqual({
      rows: { a: 'apptSetup.error.reminderRange', b: 'apptSetup.error.reminderRange' },
    });
    expect(checkReminders({ offsets: [row('a', '1', 'days'), row('b', '24', 'hours')], nameAppointmentType: false }).rows).toEqual({ b: 'apptSetup.error.reminderTwice' });
    const six = ['1', '2', '3', '4', '5', '6'].map((amount) => row(amount, amount, 'hours'));
    expect(checkReminders({ offsets: six, nameAppointmentType: false }).all).toBe('apptSetup.error.remindersTooMany');
    expect(checkReminders({ offsets: six.slice(0, 5), nameAppointmentType: false }).all).toBeUndefined();
  });
});
