-- Secrets the application makes for itself at first use, encrypted with the Data Protection key ring.
create table identity.secrets (
    name        text        primary key,
    protected   text        not null,
    created_at  timestamptz not null
);

-- One row per "Next" on the sign-in page, matched or not. The attempt id the browser holds is a
-- random token of which only the SHA-256 is kept; the passcode is kept as an HMAC under a key
-- only the application has. patient_id is null when nothing matched.
create table identity.patient_sign_in_attempts (
    id               uuid        primary key,
    token_hash       bytea       not null unique,
    clinic_id        uuid        not null,
    patient_id       uuid,
    identifier_key   text        not null,
    contact_key      text        not null,
    contact_kind     text        not null check (contact_kind in ('email', 'mobile')),
    passcode_hash    bytea       not null,
    created_at       timestamptz not null,
    expires_at       timestamptz not null,
    wrong_attempts   integer     not null default 0,
    used_at          timestamptz,
    ended_at         timestamptz,
    end_reason       text check (end_reason in ('used', 'wrong_attempts', 'expired', 'replaced')),
    client_address   inet
);

create index patient_sign_in_attempts_identifier on identity.patient_sign_in_attempts (identifier_key, created_at);
create index patient_sign_in_attempts_contact on identity.patient_sign_in_attempts (contact_key, created_at);
create index patient_sign_in_attempts_created on identity.patient_sign_in_attempts (created_at);

-- Server-side, revocable patient sessions, separate from staff sessions.
create table identity.patient_sessions (
    id                   uuid        primary key,
    token_hash           bytea       not null unique,
    clinic_id            uuid        not null,
    patient_id           uuid        not null,
    stay_logged_in       boolean     not null,
    created_at           timestamptz not null,
    last_seen_at         timestamptz not null,
    absolute_expires_at  timestamptz not null,
    ended_at             timestamptz,
    end_reason           text check (end_reason in ('signed_out', 'ended_by_patient', 'idle', 'expired')),
    client_address       inet,
    user_agent           text
);

create index patient_sessions_patient on identity.patient_sessions (clinic_id, patient_id) where ended_at is null;
create index patient_sessions_open on identity.patient_sessions (last_seen_at) where ended_at is null;
