create schema if not exists messaging;

-- A conversation between the clinic and one patient. Whether the patient may reply is set by its first
-- message. The unread counters are kept by the handlers that send and read, so both inboxes sort from an index.
create table messaging.conversations (
    id                 uuid        primary key,
    clinic_id          uuid        not null,
    patient_id         uuid        not null,
    subject            text        not null check (length(subject) between 1 and 200),
    replies_allowed    boolean     not null,
    status             text        not null check (status in ('open', 'closed')),
    assigned_to        uuid,
    created_by         uuid        not null,
    created_at         timestamptz not null,
    last_message_at    timestamptz not null,
    staff_unread       integer     not null default 0 check (staff_unread >= 0),
    patient_unread     integer     not null default 0 check (patient_unread >= 0),
    status_changed_at  timestamptz,
    status_changed_by  uuid,
    unique (clinic_id, id)
);

create index conversations_staff_inbox on messaging.conversations (clinic_id, (staff_unread > 0) desc, last_message_at desc, id desc);
create index conversations_of_patient on messaging.conversations (clinic_id, patient_id, (patient_unread > 0) desc, last_message_at desc, id desc);
create index conversations_assigned on messaging.conversations (clinic_id, assigned_to, last_message_at desc) where assigned_to is not null;

-- Messages as sent. read_at is the receipt: for a staff message the patient's first open, for a
-- patient's reply the first staff read (read_by says who).
create table messaging.messages (
    id               uuid        primary key,
    clinic_id        uuid        not null,
    conversation_id  uuid        not null,
    author_kind      text        not null check (author_kind in ('staff', 'patient')),
    author_staff_id  uuid,
    author_name      text        check (length(author_name) between 1 and 200),
    body             text        not null check (length(body) between 1 and 10000),
    sent_at          timestamptz not null,
    read_at          timestamptz,
    read_by          uuid,
    foreign key (clinic_id, conversation_id) references messaging.conversations (clinic_id, id),
    check ((author_kind = 'staff') = (author_staff_id is not null))
);

create index messages_of_conversation on messaging.messages (conversation_id, sent_at, id);

-- A sent message never changes; a correction is a new message. Only its receipt is set, once.
create function messaging.refuse_message_changes() returns trigger
language plpgsql as $$
begin
    if new.id <> old.id or new.clinic_id <> old.clinic_id or new.conversation_id <> old.conversation_id
       or new.author_kind <> old.author_kind or new.author_staff_id is distinct from old.author_staff_id
       or new.author_name is distinct from old.author_name or new.body <> old.body or new.sent_at <> old.sent_at
       or (old.read_at is not null and (new.read_at is distinct from old.read_at or new.read_by is distinct from old.read_by)) then
        raise exception 'a sent message cannot be changed' using errcode = 'restrict_violation';
    end if;
    return new;
end
$$;

create trigger messages_never_change before update on messaging.messages
    for each row execute function messaging.refuse_message_changes();

-- A staff member's unsent message: a new conversation (patient, subject, allow replies) or a reply in
-- one (conversation_id set). Only its author sees it; sending turns it into a message and deletes it.
create table messaging.drafts (
    id               uuid        primary key,
    clinic_id        uuid        not null,
    author_staff_id  uuid        not null,
    patient_id       uuid        not null,
    conversation_id  uuid,
    subject          text        check (length(subject) <= 200),
    body             text        not null check (length(body) <= 10000),
    allow_replies    boolean     not null,
    created_at       timestamptz not null,
    updated_at       timestamptz not null,
    version          integer     not null default 1,
    foreign key (clinic_id, conversation_id) references messaging.conversations (clinic_id, id)
);

create index drafts_of_author on messaging.drafts (clinic_id, author_staff_id, updated_at desc);
