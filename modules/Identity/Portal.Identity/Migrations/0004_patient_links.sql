-- Links in notifications that sign a patient in to one place of the portal (I2 to I4). The link
-- token is a random bearer secret of which only the SHA-256 is kept; the quick passcode is kept as
-- an HMAC bound to passcode_id, which changes at every resend so that an older passcode never works.
create table identity.patient_links (
    id                  uuid        primary key,
    token_hash          bytea       not null unique,
    clinic_id           uuid        not null,
    patient_id          uuid        not null,
    target              text        not null,
    created_at          timestamptz not null,
    passcode_id         uuid        not null,
    passcode_hash       bytea       not null,
    passcode_issued_at  timestamptz not null,
    expires_at          timestamptz not null,
    wrong_attempts      integer     not null default 0,
    used_at             timestamptz,
    ended_at            timestamptz,
    end_reason          text check (end_reason in ('used', 'wrong_attempts', 'expired'))
);

create index patient_links_patient on identity.patient_links (clinic_id, patient_id);

-- Quick passcodes sent again at the patient's request, counted per patient and per contact point (P8).
create table identity.patient_link_resends (
    id           uuid        primary key,
    link_id      uuid        not null references identity.patient_links (id) on delete cascade,
    clinic_id    uuid        not null,
    patient_id   uuid        not null,
    contact_key  text        not null,
    created_at   timestamptz not null,
    client_address inet
);

create index patient_link_resends_patient on identity.patient_link_resends (patient_id, created_at);
create index patient_link_resends_contact on identity.patient_link_resends (contact_key, created_at);
