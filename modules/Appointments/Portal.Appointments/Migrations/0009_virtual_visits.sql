-- A clinic's virtual visits (A6, V1): when the access code goes out, and when the visit's room opens and closes around the
-- appointment. Without a row the defaults apply (code 5 minutes before, room from 15 minutes before to 30 minutes after the end).
create table appointments.visit_settings (
    clinic_id             uuid        primary key,
    code_lead_minutes     integer     not null check (code_lead_minutes between 1 and 120),
    opens_before_minutes  integer     not null check (opens_before_minutes between 0 and 120),
    closes_after_minutes  integer     not null check (closes_after_minutes between 0 and 240),
    updated_at            timestamptz not null,
    updated_by            uuid
);

-- The access code of a virtual appointment: only its keyed hash, bound to the room. The row is written when the code goes out
-- for the appointment's time (starts_at): the scheduled send writes it once across hosts; a re-send replaces the hash (the
-- old code stops working), counts the issue up and clears the failed tries. Five wrong tries lock the code until a re-send.
create table appointments.visit_codes (
    appointment_id   uuid        primary key,
    clinic_id        uuid        not null,
    room_id          uuid        not null unique,
    code_hash        bytea       not null,
    issue            integer     not null check (issue >= 1),
    starts_at        timestamptz not null,
    sent_at          timestamptz not null,
    failed_attempts  integer     not null default 0 check (failed_attempts between 0 and 5),
    foreign key (clinic_id, appointment_id) references appointments.appointments (clinic_id, id) on delete cascade
);

create index visit_codes_of_clinic on appointments.visit_codes (clinic_id, room_id);

-- The key the access codes are hashed under, encrypted with the Data Protection key ring: shared by every host.
create table appointments.secrets (
    name        text        primary key,
    protected   text        not null,
    created_at  timestamptz not null
);
