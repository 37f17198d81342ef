-- Chart documents (Registration's) attached to a sent staff message, in the order staff chose. The
-- document stays in the chart; this only says which message showed it to the patient, which is what
-- lets the patient download it (checklist A1).
create table messaging.message_attachments (
    clinic_id    uuid     not null,
    message_id   uuid     not null references messaging.messages (id),
    document_id  uuid     not null,
    position     smallint not null check (position between 0 and 9),
    primary key (message_id, position),
    unique (message_id, document_id)
);

create index message_attachments_of_document on messaging.message_attachments (clinic_id, document_id);

-- Like its body, a sent message's attachments never change.
create function messaging.refuse_attachment_changes() returns trigger
language plpgsql as $$
begin
    raise exception 'the attachments of a sent message cannot be changed' using errcode = 'restrict_violation';
end
$$;

create trigger message_attachments_never_change before update or delete on messaging.message_attachments
    for each row execute function messaging.refuse_attachment_changes();

-- What a draft will attach when it is sent; saved with the draft and gone with it.
create table messaging.draft_attachments (
    draft_id     uuid     not null references messaging.drafts (id) on delete cascade,
    document_id  uuid     not null,
    position     smallint not null check (position between 0 and 9),
    primary key (draft_id, position),
    unique (draft_id, document_id)
);
