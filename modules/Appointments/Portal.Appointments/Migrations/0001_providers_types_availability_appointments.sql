create schema if not exists appointments;

-- R5: the exclusion constraint on appointments below needs equality on uuid inside a GiST index.
create extension if not exists btree_gist;

-- The people patients book with. A provider may also be a staff account of the clinic (to see their own calendar).
create table appointments.providers (
    id                uuid        primary key,
    clinic_id         uuid        not null,
    name              text        not null check (length(name) between 1 and 200),
    title             text        check (length(title) between 1 and 100),
    languages         text[]      not null default '{}' check (cardinality(languages) <= 10),
    staff_account_id  uuid,
    active            boolean     not null default true,
    created_at        timestamptz not null,
    unique (clinic_id, id),
    unique (clinic_id, staff_account_id)
);

create table appointments.locations (
    id          uuid        primary key,
    clinic_id   uuid        not null,
    name        text        not null check (length(name) between 1 and 200),
    address     text        check (length(address) between 1 and 500),
    active      boolean     not null default true,
    created_at  timestamptz not null,
    unique (clinic_id, id)
);

-- What a patient books. Buffers are time the provider keeps free before and after (setting up, notes).
create table appointments.appointment_types (
    id                     uuid        primary key,
    clinic_id              uuid        not null,
    name_en                text        not null check (length(name_en) between 1 and 200),
    name_fr                text        not null check (length(name_fr) between 1 and 200),
    duration_minutes       integer     not null check (duration_minutes between 5 and 480),
    mode                   text        not null check (mode in ('in_person', 'virtual')),
    bookable_online        boolean     not null,
    buffer_before_minutes  integer     not null default 0 check (buffer_before_minutes between 0 and 240),
    buffer_after_minutes   integer     not null default 0 check (buffer_after_minutes between 0 and 240),
    active                 boolean     not null default true,
    created_at             timestamptz not null,
    unique (clinic_id, id)
);

create table appointments.type_providers (
    clinic_id    uuid not null,
    type_id      uuid not null,
    provider_id  uuid not null,
    primary key (type_id, provider_id),
    foreign key (clinic_id, type_id) references appointments.appointment_types (clinic_id, id) on delete cascade,
    foreign key (clinic_id, provider_id) references appointments.providers (clinic_id, id)
);

create index type_providers_of_provider on appointments.type_providers (provider_id);

-- A provider's usual week: local wall-clock times in the clinic's time zone, so 09:00 stays 09:00 across
-- daylight-saving changes. weekday is ISO (1 = Monday … 7 = Sunday).
create table appointments.weekly_availability (
    id           uuid    primary key,
    clinic_id    uuid    not null,
    provider_id  uuid    not null,
    location_id  uuid    not null,
    weekday      smallint not null check (weekday between 1 and 7),
    start_time   time    not null,
    end_time     time    not null check (end_time > start_time),
    foreign key (clinic_id, provider_id) references appointments.providers (clinic_id, id),
    foreign key (clinic_id, location_id) references appointments.locations (clinic_id, id)
);

create index weekly_availability_of_provider on appointments.weekly_availability (clinic_id, provider_id);

-- Dated changes to the usual week, on each day from starts_on to ends_on: 'unavailable' (holidays, vacations;
-- the whole day when no times are given) or 'extra' hours at a location.
create table appointments.availability_exceptions (
    id           uuid        primary key,
    clinic_id    uuid        not null,
    provider_id  uuid        not null,
    kind         text        not null check (kind in ('unavailable', 'extra')),
    starts_on    date        not null,
    ends_on      date        not null check (ends_on >= starts_on and ends_on - starts_on <= 366),
    start_time   time,
    end_time     time,
    location_id  uuid,
    reason       text        check (length(reason) between 1 and 200),
    created_at   timestamptz not null,
    check ((start_time is null) = (end_time is null)),
    check (end_time is null or end_time > start_time),
    check (kind = 'unavailable' or (start_time is not null and location_id is not null)),
    foreign key (clinic_id, provider_id) references appointments.providers (clinic_id, id),
    foreign key (clinic_id, location_id) references appointments.locations (clinic_id, id)
);

create index availability_exceptions_of_provider on appointments.availability_exceptions (clinic_id, provider_id, ends_on);

-- occupied is the appointment with its type's buffers around it, as they were when it was booked. R5: no two
-- appointments of one provider that still hold their time may overlap; the database decides a race.
create table appointments.appointments (
    id            uuid        primary key,
    clinic_id     uuid        not null,
    patient_id    uuid        not null,
    provider_id   uuid        not null,
    type_id       uuid        not null,
    location_id   uuid,
    starts_at     timestamptz not null,
    ends_at       timestamptz not null check (ends_at > starts_at),
    occupied      tstzrange   not null check (lower(occupied) <= starts_at and upper(occupied) >= ends_at),
    status        text        not null check (status in
                      ('requested', 'booked', 'confirmed', 'arrived', 'in_room', 'completed', 'cancelled', 'no_show', 'rescheduled', 'declined')),
    booked_by     text        not null check (booked_by in ('patient', 'staff')),
    patient_note  text        check (length(patient_note) between 1 and 1000),
    created_at    timestamptz not null,
    updated_at    timestamptz not null,
    status_changed_at timestamptz not null,
    sequence      integer     not null default 0,
    unique (clinic_id, id),
    foreign key (clinic_id, provider_id) references appointments.providers (clinic_id, id),
    foreign key (clinic_id, type_id) references appointments.appointment_types (clinic_id, id),
    foreign key (clinic_id, location_id) references appointments.locations (clinic_id, id),
    constraint appointments_no_overlap exclude using gist (provider_id with =, occupied with &&)
        where (status not in ('cancelled', 'declined', 'rescheduled'))
);

create index appointments_of_patient on appointments.appointments (clinic_id, patient_id, starts_at);
create index appointments_by_time on appointments.appointments (clinic_id, starts_at);
