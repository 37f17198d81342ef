create schema if not exists identity;

-- Clinic staff (owner, admin, staff) and platform operators (no clinic).
create table identity.staff_users (
    id                   uuid        primary key,
    clinic_id            uuid,
    email                text        not null check (email = lower(email) and length(email) between 3 and 254),
    display_name         text        not null check (length(display_name) between 1 and 200),
    role                 text        not null check (role in ('operator', 'owner', 'admin', 'staff')),
    password_hash        text,
    created_at           timestamptz not null,
    password_changed_at  timestamptz,
    last_sign_in_at      timestamptz,
    disabled_at          timestamptz,
    constraint staff_users_operators_have_no_clinic check ((role = 'operator') = (clinic_id is null))
);

create unique index staff_users_email_per_clinic on identity.staff_users (clinic_id, email) where clinic_id is not null;
create unique index staff_users_operator_email on identity.staff_users (email) where clinic_id is null;

-- Server-side, revocable sessions. The cookie holds a random token; only its SHA-256 is kept.
create table identity.staff_sessions (
    id                   uuid        primary key,
    token_hash           bytea       not null unique,
    user_id              uuid        not null references identity.staff_users (id),
    created_at           timestamptz not null,
    last_seen_at         timestamptz not null,
    absolute_expires_at  timestamptz not null,
    ended_at             timestamptz,
    end_reason           text check (end_reason in ('signed_out', 'idle', 'expired', 'password_changed', 'disabled')),
    client_address       inet,
    user_agent           text
);

create index staff_sessions_user on identity.staff_sessions (user_id) where ended_at is null;

-- One-time links with which a new account chooses its password.
create table identity.setup_tokens (
    token_hash  bytea       primary key,
    user_id     uuid        not null references identity.staff_users (id),
    created_at  timestamptz not null,
    expires_at  timestamptz not null,
    used_at     timestamptz
);

-- Failed sign-in counters, keyed by what was typed rather than by account, so that locking out
-- behaves the same whether or not the account exists. Shared by all hosts, kept over restarts.
create table identity.sign_in_throttle (
    throttle_key     text        primary key,
    failures         integer     not null,
    locked_until     timestamptz,
    last_failure_at  timestamptz not null
);
