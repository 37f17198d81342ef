-- One message to a group of patients (X9), sent by a background job in chunks as separate conversations.
-- The filter is kept as given; the group is walked in patient id order and last_patient_id is where the
-- next chunk starts, moved in the same transaction as the chunk's messages, so a retried job never sends twice.
create table messaging.bulk_messages (
    id               uuid        primary key,
    clinic_id        uuid        not null,
    subject          text        not null check (length(subject) between 1 and 200),
    body             text        not null check (length(body) between 1 and 10000),
    replies_allowed  boolean     not null,
    filter           jsonb       not null,
    state            text        not null check (state in ('queued', 'running', 'completed', 'cancelled', 'failed')),
    selected         integer     not null check (selected >= 0),
    sent             integer     not null default 0 check (sent >= 0),
    skipped          integer     not null default 0 check (skipped >= 0),
    last_patient_id  uuid,
    created_by       uuid        not null,
    created_by_name  text        not null check (length(created_by_name) between 1 and 200),
    created_at       timestamptz not null,
    started_at       timestamptz,
    finished_at      timestamptz,
    cancelled_by     uuid,
    failure          text,
    unique (clinic_id, id)
);

create index bulk_messages_of_clinic on messaging.bulk_messages (clinic_id, created_at desc, id desc);

-- Each patient the job reached: sent (with its conversation and message) or skipped with the reason.
-- The primary key is the last guard against sending one patient the same bulk message twice.
create table messaging.bulk_message_recipients (
    bulk_message_id  uuid        not null,
    clinic_id        uuid        not null,
    patient_id       uuid        not null,
    state            text        not null check (state in ('sent', 'skipped')),
    skip_reason      text        check (skip_reason in ('no_portal_access', 'inactive', 'no_usable_contact')),
    conversation_id  uuid,
    message_id       uuid,
    primary key (bulk_message_id, patient_id),
    foreign key (clinic_id, bulk_message_id) references messaging.bulk_messages (clinic_id, id),
    foreign key (clinic_id, conversation_id) references messaging.conversations (clinic_id, id) deferrable initially deferred,
    check ((state = 'sent') = (conversation_id is not null and message_id is not null and skip_reason is null)),
    check ((state = 'skipped') = (skip_reason is not null))
);

create index bulk_message_recipients_by_state on messaging.bulk_message_recipients (bulk_message_id, state, patient_id);
