import { describe, expect, it } from 'vitest';
import {
  calendarSearch,
  cellKey,
  columnsFor,
  daysShown,
  gridRows,
  isDay,
  parseCalendarQuery,
  placeAppointments,
  stepDay,
  wallClock,
  workingInCell,
  zonedStart,
} from '../src/admin/appointments/calendar';
import { appointmentError } from '../src/admin/appointments/labels';
import { emptyWhen, whenRequest } from '../src/admin/appointments/when';
import { appointmentPath, appointmentsPath, bookAppointmentPath, parseAdminPath } from '../src/admin/routes';
import { ApiError } from '../src/shared/api';
import { LocalError } from '../src/shared/errors';

const TORONTO = 'America/Toronto';
const HADDAD = '0190a000-0000-7000-8000-000000000001';
const OKAFOR = '0190a000-0000-7000-8000-000000000002';

const appointment = (id: string, startsAt: string, endsAt: string, provider = HADDAD) => ({ id, startsAt, endsAt, provider: { id: provider } });

describe('staff calendar addresses', () => {
  it('finds the calendar, booking and one appointment', () => {
    expect(parseAdminPath('/demo/admin/appointments').route).toEqual({ area: 'clinic', slug: 'demo', page: 'appointments' });
    expect(parseAdminPath('/demo/admin/appointments/new').route).toEqual({ area: 'clinic', slug: 'demo', page: 'appointments/new' });
    expect(parseAdminPath(appointmentPath('demo', HADDAD)).route).toEqual({ area: 'clinic', slug: 'demo', page: 'appointment', appointmentId: HADDAD });
    expect(parseAdminPath(`/demo/admin/appointments/${HADDAD}/more`).route).toMatchObject({ page: 'notFound' });
    expect(parseAdminPath('/demo/admin/appointments/providers').route).toMatchObject({ page: 'notFound' });
    expect(appointmentsPath('demo')).toBe('/demo/admin/appointments');
    expect(bookAppointmentPath('demo')).toBe('/demo/admin/appointments/new');
    expect(bookAppointmentPath('demo', { date: '2026-12-07', provider: null, patient: 'p-1' })).toBe(
      '/demo/admin/appointments/new?date=2026-12-07&patient=p-1',
    );
  });

  it('keeps the view, day and provider in the address, the defaults left out, and ignores what it cannot read', () => {
    expect(parseCalendarQuery('')).toEqual({ view: 'week', date: null, provider: null });
    expect(parseCalendarQuery(`?view=day&date=2026-11-01&provider=${HADDAD.toUpperCase()}`)).toEqual({
      view: 'day',
      date: '2026-11-01',
      provider: HADDAD,
    });
    expect(parseCalendarQuery('?view=month&date=2026-02-30&provider=robert')).toEqual({ view: 'week', date: null, provider: null });
    expect(calendarSearch({ view: 'week', date: null, provider: null })).toBe('');
    expect(calendarSearch({ view: 'day', date: '2026-12-07', provider: HADDAD })).toBe(`?view=day&date=2026-12-07&provider=${HADDAD}`);
    expect(parseCalendarQuery(calendarSearch({ view: 'day', date: '2026-12-07', provider: OKAFOR }))).toEqual({
      view: 'day',
      date: '2026-12-07',
      provider: OKAFOR,
    });
  });

  it('reads only real days', () => {
    expect(isDay('2028-02-29')).toBe(true);
    expect(isDay('2026-02-29')).toBe(false);
    expect(isDay('2026-13-01')).toBe(false);
    expect(isDay('7 Dec')).toBe(false);
  });
});

describe('the days a view covers', () => {
  it('gives a week from Monday to Sunday around any of its days', () => {
    expect(daysShown('week', '2026-12-09')).toEqual(['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11', '2026-12-12', '2026-12-13']);
    expect(daysShown('week', '2026-12-13')[0]).toBe('2026-12-07');
    expect(daysShown('week', '2026-12-07')[6]).toBe('2026-12-13');
    expect(daysShown('day', '2026-12-09')).toEqual(['2026-12-09']);
  });

  it('gives seven whole days for the weeks of the daylight-saving changes in America/Toronto', () => {
    // Clocks go back on Sunday 2026-11-01 and forward on Sunday 2026-03-08: both weeks still end on that Sunday.
    expect(daysShown('week', '2026-10-28')).toEqual(['2026-10-26', '2026-10-27', '2026-10-28', '2026-10-29', '2026-10-30', '2026-10-31', '2026-11-01']);
    expect(daysShown('week', '2026-03-08')).toEqual(['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08']);
    expect(daysShown('week', '2026-03-09')[0]).toBe('2026-03-09');
    expect(stepDay('week', '2026-10-28', 1)).toBe('2026-11-04');
    expect(stepDay('day', '2026-03-08', -1)).toBe('2026-03-07');
  });
});

describe('placing appointments in the grid', () => {
  it("reads the clinic's wall clock from the server's times whatever the offset", () => {
    expect(wallClock('2026-10-31T09:15:00-04:00')).toEqual({ day: '2026-10-31', minute: 555 });
    expect(wallClock('2026-11-01T09:15:00-05:00')).toEqual({ day: '2026-11-01', minute: 555 });
  });

  it('puts 09:00 on each side of the fall change in the 09:00 row of its own day', () => {
    const columns = columnsFor('week', '2026-10-28', [], null);
    const before = appointment('a', '2026-10-31T09:00:00-04:00', '2026-10-31T09:15:00-04:00');
    const after = appointment('b', '2026-11-01T09:00:00-05:00', '2026-11-01T09:15:00-05:00');
    const rows = gridRows([before, after]);
    const placed = placeAppointments([after, before], columns, rows);
    expect(placed.outside).toEqual([]);
    expect(placed.cells.get(cellKey(columns[5]!, 540))).toEqual([before]);
    expect(placed.cells.get(cellKey(columns[6]!, 540))).toEqual([after]);
  });

  it('puts the appointments of a clinic day in their provider\'s column, in start order, in the half hour they start', () => {
    const columns = columnsFor('day', '2026-12-07', [HADDAD, OKAFOR], null);
    expect(columns.map((column) => column.providerId)).toEqual([HADDAD, OKAFOR]);
    const late = appointment('late', '2026-12-07T09:20:00-05:00', '2026-12-07T09:35:00-05:00');
    const early = appointment('early', '2026-12-07T09:00:00-05:00', '2026-12-07T09:15:00-05:00');
    const okafor = appointment('okafor', '2026-12-07T09:45:00-05:00', '2026-12-07T10:00:00-05:00', OKAFOR);
    const placed = placeAppointments([late, okafor, early], columns, gridRows([late, early, okafor]));
    expect(placed.cells.get(cellKey(columns[0]!, 540))?.map((a) => a.id)).toEqual(['early', 'late']);
    expect(placed.cells.get(cellKey(columns[1]!, 570))?.map((a) => a.id)).toEqual(['okafor']);
    expect(placed.cells.get(cellKey(columns[1]!, 540))).toBeUndefined();
  });

  it("puts one provider's week in day columns, and leaves out what is not on the days shown", () => {
    const columns = columnsFor('week', '2026-12-07', [HADDAD, OKAFOR], HADDAD);
    expect(columns).toHaveLength(7);
    expect(columns.every((column) => column.providerId === HADDAD)).toBe(true);
    const elsewhere = appointment('x', '2026-12-20T10:00:00-05:00', '2026-12-20T10:15:00-05:00');
    const placed = placeAppointments([elsewhere], columns, gridRows([]));
    expect(placed.outside).toEqual([elsewhere]);
  });

  it('covers 08:00 to 17:00 at least, and stretches to the earliest and latest time in whole half hours', () => {
    expect(gridRows([])[0]).toBe(480);
    expect(gridRows([]).at(-1)).toBe(16 * 60 + 30);
    const rows = gridRows([appointment('e', '2026-12-07T07:10:00-05:00', '2026-12-07T07:25:00-05:00'), appointment('l', '2026-12-07T18:40:00-05:00', '2026-12-07T19:10:00-05:00')]);
    expect(rows[0]).toBe(7 * 60);
    expect(rows.at(-1)).toBe(19 * 60);
    // Past midnight, the grid ends at midnight.
    expect(gridRows([appointment('n', '2026-12-07T23:30:00-05:00', '2026-12-08T00:30:00-05:00')]).at(-1)).toBe(23 * 60 + 30);
  });

  it("shades a cell only when a provider of the column works for the whole half hour, on the daylight-saving day too", () => {
    const providers = [
      { id: HADDAD, hours: [{ startsAt: '2026-11-01T09:00:00-05:00', endsAt: '2026-11-01T12:00:00-05:00' }] },
      { id: OKAFOR, hours: [{ startsAt: '2026-11-01T13:00:00-05:00', endsAt: '2026-11-01T13:45:00-05:00' }] },
    ];
    const [haddad, okafor] = columnsFor('day', '2026-11-01', [HADDAD, OKAFOR], null);
    expect(workingInCell(providers, haddad!, 540)).toEqual([HADDAD]);
    expect(workingInCell(providers, haddad!, 690)).toEqual([HADDAD]);
    expect(workingInCell(providers, haddad!, 720)).toEqual([]);
    expect(workingInCell(providers, okafor!, 780)).toEqual([OKAFOR]);
    expect(workingInCell(providers, okafor!, 810)).toEqual([]);
    const week = columnsFor('week', '2026-11-01', [HADDAD, OKAFOR], null);
    expect(workingInCell(providers, week[6]!, 540)).toEqual([HADDAD]);
    expect(workingInCell(providers, week[5]!, 540)).toEqual([]);
  });
});

describe("a time of the clinic's day as the instant to send", () => {
  it('gives the offset in force that day in America/Toronto, across both changes', () => {
    expect(zonedStart('2026-03-07', '09:00', TORONTO)).toBe('2026-03-07T09:00:00-05:00');
    expect(zonedStart('2026-03-08', '09:00', TORONTO)).toBe('2026-03-08T09:00:00-04:00');
    expect(zonedStart('2026-10-31', '09:00', TORONTO)).toBe('2026-10-31T09:00:00-04:00');
    expect(zonedStart('2026-11-01', '09:00', TORONTO)).toBe('2026-11-01T09:00:00-05:00');
    expect(zonedStart('2026-12-07', '16:45', 'UTC')).toBe('2026-12-07T16:45:00+00:00');
  });

  it('refuses the hour the clocks skip and takes the first of the repeated hour', () => {
    expect(zonedStart('2026-03-08', '02:30', TORONTO)).toBeNull();
    expect(zonedStart('2026-11-01', '01:30', TORONTO)).toBe('2026-11-01T01:30:00-04:00');
    expect(zonedStart('2026-11-01', '25:00', TORONTO)).toBeNull();
    expect(zonedStart('2026-02-30', '09:00', TORONTO)).toBeNull();
  });

  it('sends a free slot as it is, or any time with its offset and a location for an in-person appointment', () => {
    const slot = { startsAt: '2026-11-02T09:00:00-05:00', locationId: 'l-1' };
    expect(whenRequest({ ...emptyWhen('2026-11-02'), slot }, TORONTO, true)).toEqual({ startsAt: slot.startsAt, anyTime: false, locationId: null });
    expect(whenRequest({ ...emptyWhen('2026-11-02'), anyTime: true, time: '17:30', locationId: 'l-1' }, TORONTO, true)).toEqual({
      startsAt: '2026-11-02T17:30:00-05:00',
      anyTime: true,
      locationId: 'l-1',
    });
    expect(whenRequest({ ...emptyWhen('2026-11-02'), anyTime: true, time: '17:30', locationId: 'l-1' }, TORONTO, false).locationId).toBeNull();
    const problem = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error instanceof LocalError ? error.key : 'other';
      }
      return null;
    };
    expect(problem(() => whenRequest(emptyWhen('2026-11-02'), TORONTO, true))).toBe('appts.when.error.noSlot');
    expect(problem(() => whenRequest({ ...emptyWhen('2026-11-02'), anyTime: true }, TORONTO, true))).toBe('appts.when.error.noTime');
    expect(problem(() => whenRequest({ ...emptyWhen('2026-03-08'), anyTime: true, time: '02:15' }, TORONTO, true))).toBe('appts.when.error.skippedTime');
    expect(problem(() => whenRequest({ ...emptyWhen('2026-11-02'), anyTime: true, time: '17:30' }, TORONTO, true))).toBe('appts.when.error.noLocation');
  });
});

describe("the server's problems", () => {
  const t = (key: string) => `«${key}»`;

  it('names a lost race, a field problem the page knows, and falls back to the server\'s words', () => {
    expect(appointmentError(new ApiError({ status: 409, code: 'slot_taken', detail: 'Sorry, that time was just taken.' }), t)).toBe('«appts.error.slotTaken»');
    expect(
      appointmentError(
        new ApiError({ status: 400, code: 'validation_failed', fields: { startsAt: ['There is no free time then.'] }, fieldCodes: { startsAt: ['slot_not_offered'] } }),
        t,
      ),
    ).toBe('«appts.error.slotNotOffered»');
    expect(appointmentError(new ApiError({ status: 400, code: 'validation_failed', fields: { staffNote: ['Too long.'] } }), t)).toBe('Too long.');
    expect(appointmentError(new ApiError({ status: 409, code: 'something_new', detail: 'Server words.' }), t)).toBe('Server words.');
  });
});
