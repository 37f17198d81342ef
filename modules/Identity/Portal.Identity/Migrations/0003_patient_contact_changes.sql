-- A signed-in patient's request to change their email address or mobile number: a passcode goes to
-- the new one, and the change happens only when it comes back (checklist C4).
create table identity.patient_contact_changes (
    id               uuid        primary key,
    token_hash       bytea       not null unique,
    clinic_id        uuid        not null,
    patient_id       uuid        not null,
    contact_kind     text        not null check (contact_kind in ('email', 'mobile')),
    new_value        text        not null,
    passcode_hash    bytea       not null,
    created_at       timestamptz not null,
    expires_at       timestamptz not null,
    wrong_attempts   integer     not null default 0,
    ended_at         timestamptz,
    end_reason       text check (end_reason in ('used', 'wrong_attempts', 'expired'))
);

create index patient_contact_changes_patient on identity.patient_contact_changes (clinic_id, patient_id, created_at);
