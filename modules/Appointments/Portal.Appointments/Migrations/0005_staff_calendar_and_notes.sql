-- What the clinic's staff note on an appointment for themselves; patients never see it.
alter table appointments.appointments
    add column staff_note text check (length(staff_note) between 1 and 1000);

-- A provider's calendar: their appointments of a day or a week, by time.
create index appointments_of_provider on appointments.appointments (clinic_id, provider_id, starts_at);
