-- A clinic's reminders (A5): how long before an appointment patients are reminded, and whether notices may name
-- the appointment's type (off unless the clinic allows it: no health details beyond what it chooses). Without a row
-- the defaults apply (2 days and 2 hours, no type name).
create table appointments.reminder_settings (
    clinic_id        uuid        primary key,
    offsets_minutes  integer[]   not null check (cardinality(offsets_minutes) <= 5),
    name_type        boolean     not null,
    updated_at       timestamptz not null,
    updated_by       uuid
);

-- Each reminder of an appointment at one time, decided once across hosts and restarts: 'queued' when it went to the
-- notifications outbox, 'skipped' when a nearer one went instead or its time had passed when the appointment got that time.
create table appointments.reminders (
    clinic_id       uuid        not null,
    appointment_id  uuid        not null,
    starts_at       timestamptz not null,
    offset_minutes  integer     not null,
    outcome         text        not null check (outcome in ('queued', 'skipped')),
    recorded_at     timestamptz not null,
    primary key (appointment_id, starts_at, offset_minutes),
    foreign key (clinic_id, appointment_id) references appointments.appointments (clinic_id, id) on delete cascade
);

-- The reminder job's scan: appointments that still take place, by time, across clinics.
create index appointments_remindable on appointments.appointments (starts_at) where status in ('booked', 'confirmed');
