-- Self-registration (R1, S3, A6). A row is made when a person sends the form; nothing else exists
-- until the passcode sent to their contact point comes back. What they entered waits in details until
-- the registration is settled off the request path (`proven` → a chart for review, or a notice to the
-- chart that had the identifier) or its passcode expires, then is cleared. The browser holds
-- a random token of which only the SHA-256 is kept; the passcode is kept as Identity's keyed hash.
create table registration.self_registrations (
    id                      uuid        primary key,
    token_hash              bytea       not null unique,
    clinic_id               uuid        not null,
    status                  text        not null check (status in
                                ('awaiting_passcode', 'proven', 'pending_review', 'already_registered', 'accepted', 'merged', 'rejected', 'abandoned')),
    details                 jsonb,
    contact_kind            text        not null check (contact_kind in ('email', 'mobile')),
    contact_key             text        not null,
    passcode_hash           bytea       not null,
    wrong_attempts          integer     not null default 0,
    created_at              timestamptz not null,
    expires_at              timestamptz not null,
    verified_at             timestamptz,
    consent_language        text        not null check (consent_language in ('en', 'fr')),
    -- The chart made for a new person, inactive until staff accept it.
    patient_id              uuid,
    -- The chart that already had the identifier; never shown to the person (A6).
    existing_patient_id     uuid,
    merged_into_patient_id  uuid,
    reviewed_at             timestamptz,
    reviewed_by             uuid,
    reject_reason           text        check (length(reject_reason) between 1 and 500),
    client_address          inet,
    foreign key (clinic_id, patient_id) references registration.patients (clinic_id, id),
    check ((status in ('awaiting_passcode', 'proven')) = (details is not null)),
    check (status not in ('pending_review', 'accepted', 'merged', 'rejected') or patient_id is not null)
);

create unique index self_registrations_patient on registration.self_registrations (patient_id) where patient_id is not null;
create index self_registrations_queue on registration.self_registrations (clinic_id, status, created_at);
create index self_registrations_proven on registration.self_registrations (verified_at) where status = 'proven';
create index self_registrations_contact on registration.self_registrations (contact_key, created_at);
