-- What kind of entry a message is: ordinary text, a clinic's request for photos, or the patient's photos
-- answering one (their files are the message's attachments).
alter table messaging.messages
    add column kind text not null default 'text' check (kind in ('text', 'upload_request', 'photos'));

create or replace function messaging.refuse_message_changes() returns trigger
language plpgsql as $$
begin
    if new.id <> old.id or new.clinic_id <> old.clinic_id or new.conversation_id <> old.conversation_id
       or new.author_kind <> old.author_kind or new.author_staff_id is distinct from old.author_staff_id
       or new.author_name is distinct from old.author_name or new.body <> old.body or new.sent_at <> old.sent_at
       or new.kind <> old.kind
       or (old.read_at is not null and (new.read_at is distinct from old.read_at or new.read_by is distinct from old.read_by)) then
        raise exception 'a sent message cannot be changed' using errcode = 'restrict_violation';
    end if;
    return new;
end
$$;

-- A clinic's request for photos (M4), sent as its message. It is open until answered (once, by the
-- patient's photos message), until expires_at, or until its conversation is closed.
create table messaging.upload_requests (
    id                 uuid        primary key,
    clinic_id          uuid        not null,
    conversation_id    uuid        not null,
    message_id         uuid        not null unique references messaging.messages (id),
    patient_id         uuid        not null,
    photos_max         smallint    not null check (photos_max between 1 and 10),
    expires_at         timestamptz not null,
    answered_at        timestamptz,
    answer_message_id  uuid        unique references messaging.messages (id),
    foreign key (clinic_id, conversation_id) references messaging.conversations (clinic_id, id),
    check ((answered_at is null) = (answer_message_id is null))
);

create index upload_requests_of_conversation on messaging.upload_requests (clinic_id, conversation_id);
