create schema if not exists settings;

-- A clinic and its address: https://portal.example/{slug}/
create table settings.clinics (
    id                uuid        primary key,
    slug              text        not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]$'),
    name              text        not null check (length(name) between 1 and 200),
    time_zone         text        not null,
    default_language  text        not null check (default_language in ('en', 'fr')),
    created_at        timestamptz not null
);

-- Images uploaded for S7. Files live in the file store under storage_key; rows are immutable.
create table settings.background_images (
    id            uuid        primary key,
    clinic_id     uuid        not null references settings.clinics (id),
    storage_key   text        not null unique,
    content_type  text        not null check (content_type in ('image/png', 'image/jpeg', 'image/webp')),
    byte_length   integer     not null check (byte_length > 0),
    width         integer     not null check (width > 0),
    height        integer     not null check (height > 0),
    sha256        text        not null,
    uploaded_at   timestamptz not null,
    uploaded_by   uuid,
    unique (clinic_id, id)
);

-- The Settings > Patient Portal page (S1 to S10), saved as one row with one save.
create table settings.portal_settings (
    clinic_id                     uuid        primary key references settings.clinics (id),
    portal_enabled                boolean     not null default false,
    new_patients_get_access       boolean     not null default false,
    self_registration_enabled     boolean     not null default false,
    patient_replies_enabled       boolean     not null default true,
    billing_enabled               boolean     not null default false,
    extra_searchable_ids_enabled  boolean     not null default false,
    background_image_id           uuid,
    passcode_timeout_minutes      integer     not null default 4320 check (passcode_timeout_minutes between 5 and 20160),
    hidden_appointment_statuses   text[]      not null default '{}',
    notification_sign_in          text        not null default 'passcode_and_birth_date'
                                  check (notification_sign_in in ('passcode_and_birth_date', 'identifier_and_birth_date')),
    version                       integer     not null default 1,
    updated_at                    timestamptz not null,
    updated_by                    uuid,
    -- The background must be one of this clinic's own images.
    foreign key (clinic_id, background_image_id) references settings.background_images (clinic_id, id)
);

-- S5 needs these. Secrets are encrypted with Data Protection before they reach this table.
create table settings.stripe_accounts (
    clinic_id                  uuid        primary key references settings.clinics (id),
    publishable_key            text        not null,
    secret_key_protected       text        not null,
    secret_key_last4           text        not null,
    webhook_secret_protected   text,
    updated_at                 timestamptz not null,
    updated_by                 uuid
);
