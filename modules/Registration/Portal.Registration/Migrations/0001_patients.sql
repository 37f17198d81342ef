create schema if not exists registration;

-- A clinic's own ID types ("other" IDs), which it may let patients sign in with (S6). Provincial
-- health cards are built in and have no rows here.
create table registration.id_types (
    clinic_id   uuid        not null,
    code        text        not null check (code ~ '^[A-Z0-9][A-Z0-9-]{1,15}$'),
    name_en     text        not null check (length(name_en) between 1 and 100),
    name_fr     text        not null check (length(name_fr) between 1 and 100),
    searchable  boolean     not null default false,
    created_at  timestamptz not null,
    updated_at  timestamptz not null,
    primary key (clinic_id, code)
);

-- The chart: who the patient is, how to reach them, and whether they may use the portal (S11).
-- Contacts and identifiers are normalised before they get here, because sign-in matches them exactly.
create table registration.patients (
    id                        uuid        primary key,
    clinic_id                 uuid        not null,
    chart_number              text        check (chart_number ~ '^[A-Z0-9/-]{1,20}$'),
    legal_given_name          text        not null check (length(legal_given_name) between 1 and 100),
    legal_family_name         text        not null check (length(legal_family_name) between 1 and 100),
    preferred_name            text        check (length(preferred_name) between 1 and 100),
    date_of_birth             date        not null check (date_of_birth >= date '1900-01-01'),
    sex                       text        not null check (sex in ('female', 'male', 'x', 'unknown')),
    gender                    text        check (length(gender) between 1 and 50),
    address_line1             text,
    address_line2             text,
    address_city              text,
    address_region            text,
    address_postal_code       text,
    address_country           text        check (address_country in ('CA', 'US')),
    preferred_contact_method  text        not null check (preferred_contact_method in ('email', 'sms', 'both')),
    preferred_language        text        not null check (preferred_language in ('en', 'fr')),
    active                    boolean     not null default true,
    portal_access             boolean     not null,
    portal_access_changed_at  timestamptz,
    portal_access_changed_by  text,
    last_sign_in_at           timestamptz,
    -- Names folded (lower case, no accents) for sorting and for prefix search by word.
    sort_key                  text        not null collate "C",
    name_words                text        not null,
    name_search               tsvector    generated always as (to_tsvector('simple'::regconfig, name_words)) stored,
    version                   integer     not null default 1,
    created_at                timestamptz not null,
    created_by                uuid,
    updated_at                timestamptz not null,
    updated_by                uuid,
    unique (clinic_id, id),
    check ((address_line1 is null) = (address_country is null))
);

create unique index patients_chart_number on registration.patients (clinic_id, chart_number) where chart_number is not null;
create index patients_by_name on registration.patients (clinic_id, sort_key, id);
create index patients_by_birth_date on registration.patients (clinic_id, date_of_birth);
create index patients_name_search on registration.patients using gin (name_search);

-- Email addresses (lower case) and mobile numbers (E.164). Position 0 is the primary one.
create table registration.patient_contacts (
    clinic_id   uuid     not null,
    patient_id  uuid     not null,
    kind        text     not null check (kind in ('email', 'mobile')),
    value       text     not null check (length(value) between 3 and 254),
    position    smallint not null check (position >= 0),
    primary key (patient_id, kind, value),
    foreign key (clinic_id, patient_id) references registration.patients (clinic_id, id) on delete cascade
);

create index patient_contacts_by_value on registration.patient_contacts (clinic_id, value);

-- Health cards (type = province code) and the clinic's own IDs. One identifier of a type is unique
-- within a clinic; the same card may be on file at two clinics.
create table registration.patient_identifiers (
    clinic_id     uuid     not null,
    patient_id    uuid     not null,
    id_type       text     not null check (id_type ~ '^[A-Z0-9][A-Z0-9-]{1,15}$'),
    number        text     not null check (number ~ '^[A-Z0-9]{1,30}$'),
    version_code  text     check (version_code ~ '^[A-Z]{1,2}$'),
    position      smallint not null check (position >= 0),
    primary key (patient_id, id_type),
    foreign key (clinic_id, patient_id) references registration.patients (clinic_id, id) on delete cascade
);

create unique index patient_identifiers_unique on registration.patient_identifiers (clinic_id, id_type, number);
create index patient_identifiers_by_number on registration.patient_identifiers (clinic_id, number);
