-- A clinic at scale for bench/appointments, set-based: one location, one 15-minute type patients book online,
-- @providers providers working 08:00-12:00 and 13:00-17:00 on weekdays (wall-clock times in @zone), and appointments on
-- that usual week from 53 weeks back to 8 weeks ahead: one slot in five in the past (completed), one in four ahead
-- (booked), each with a made-up patient of the clinic. About 100,000 appointments for 50 providers.
-- The clinic's booking rules, but with room for each bench patient's many bookings (at most 100 upcoming).
insert into appointments.booking_rules (clinic_id, min_notice_minutes, book_ahead_days, change_window_minutes, max_upcoming, booking_mode, updated_at)
values (@ClinicId, 120, 90, 1440, 100, 'direct', now());

insert into appointments.locations (id, clinic_id, name, address, active, created_at)
values (@LocationId, @ClinicId, 'Main office', '100 Bench Street', true, now());

insert into appointments.appointment_types
    (id, clinic_id, name_en, name_fr, duration_minutes, mode, bookable_online, buffer_before_minutes, buffer_after_minutes, active, created_at)
values (@TypeId, @ClinicId, 'Consultation', 'Consultation', 15, 'in_person', true, 0, 0, true, now());

insert into appointments.providers (id, clinic_id, name, title, languages, active, created_at)
select gen_random_uuid(), @ClinicId, 'Dr. Provider ' || n, 'MD', '{en,fr}', true, now()
from generate_series(1, @Providers) as n;

insert into appointments.type_providers (clinic_id, type_id, provider_id)
select @ClinicId, @TypeId, id from appointments.providers where clinic_id = @ClinicId;

insert into appointments.weekly_availability (id, clinic_id, provider_id, location_id, weekday, start_time, end_time)
select gen_random_uuid(), @ClinicId, p.id, @LocationId, d, w.starts, w.ends
from appointments.providers p
cross join generate_series(1, 5) as d
cross join (values (time '08:00', time '12:00'), (time '13:00', time '17:00')) as w (starts, ends)
where p.clinic_id = @ClinicId;

with patients as (
    select array_agg(id order by id) as ids from registration.patients where clinic_id = @ClinicId
),
providers as (
    select id, row_number() over (order by id) as n from appointments.providers where clinic_id = @ClinicId
),
slots as (
    select p.id as provider_id, p.n, k, ((g.day::date + w.start_time + make_interval(mins => 15 * k)) at time zone @Zone) as starts_at
    from providers p
    join appointments.weekly_availability w on w.provider_id = p.id
    cross join generate_series(@Today::date - 371, @Today::date + 55, interval '1 day') as g (day)
    cross join generate_series(0, 15) as k
    where extract(isodow from g.day) = w.weekday and w.start_time + make_interval(mins => 15 * k) < w.end_time
),
chosen as (
    select s.*, row_number() over (order by s.starts_at, s.provider_id) as r
    from slots s
    where case when s.starts_at < now() then (s.k + s.n + extract(doy from s.starts_at)::int) % 5 = 0
               else (s.k + s.n + extract(doy from s.starts_at)::int) % 4 = 0 end
)
insert into appointments.appointments
    (id, clinic_id, patient_id, provider_id, type_id, location_id, starts_at, ends_at, occupied, status, booked_by, created_at, updated_at, status_changed_at)
select gen_random_uuid(), @ClinicId, pt.ids[1 + (c.r * 7919) % cardinality(pt.ids)], c.provider_id, @TypeId, @LocationId,
       c.starts_at, c.starts_at + interval '15 minutes', tstzrange(c.starts_at, c.starts_at + interval '15 minutes', '[)'),
       case when c.starts_at < now() then 'completed' else 'booked' end, 'staff', now(), now(), now()
from chosen c cross join patients pt;

analyze appointments.providers, appointments.type_providers, appointments.weekly_availability, appointments.appointments;
