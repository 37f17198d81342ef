create schema if not exists notifications;

-- What modules ask to be sent: one row per channel, written in the same transaction as the change
-- that causes it (checklist R1). Template data is encrypted, and erased once the row is settled.
create table notifications.outbox (
    id                   uuid        primary key,
    clinic_id            uuid,
    template_key         text        not null,
    channel              text        not null check (channel in ('email', 'sms')),
    recipient            text        not null,
    language             text        not null check (language in ('en', 'fr')),
    data_protected       text,
    deduplication_key    text        not null,
    state                text        not null check (state in ('pending', 'held', 'sending', 'sent', 'failed')),
    quiet_hours_exempt   boolean     not null,
    not_before           timestamptz not null,
    attempt_count        integer     not null default 0,
    max_attempts         integer     not null check (max_attempts > 0),
    claimed_by           text,
    claimed_until        timestamptz,
    last_error           text,
    provider_message_id  text,
    provider_status      text,
    provider_status_rank integer     not null default 0,
    created_at           timestamptz not null,
    updated_at           timestamptz not null,
    sent_at              timestamptz,
    failed_at            timestamptz,
    unique (deduplication_key, channel)
);

create index outbox_due on notifications.outbox (not_before) where state in ('pending', 'held');
create index outbox_leased on notifications.outbox (claimed_until) where state = 'sending';
create index outbox_by_state on notifications.outbox (state, channel);
create index outbox_failed on notifications.outbox (failed_at desc) where state = 'failed';
create index outbox_settled on notifications.outbox (updated_at) where state in ('sent', 'failed');
create unique index outbox_provider_message on notifications.outbox (provider_message_id) where provider_message_id is not null;

-- Every try to send, kept for the dashboard and for support.
create table notifications.attempts (
    notification_id  uuid        not null references notifications.outbox (id) on delete cascade,
    attempt          integer     not null,
    host             text        not null,
    started_at       timestamptz not null,
    finished_at      timestamptz not null,
    outcome          text        not null check (outcome in ('sent', 'retry', 'failed')),
    error            text,
    primary key (notification_id, attempt)
);

-- SMS quiet hours of a clinic, in its own time zone; without a row the defaults apply.
create table notifications.quiet_hours (
    clinic_id   uuid        primary key,
    starts_at   time        not null,
    ends_at     time        not null check (ends_at <> starts_at),
    updated_at  timestamptz not null,
    updated_by  uuid
);
