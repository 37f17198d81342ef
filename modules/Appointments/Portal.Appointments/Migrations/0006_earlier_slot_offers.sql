-- Earlier-slot offers. A patient's upcoming appointment may ask to be told of an earlier time; the oldest request is
-- asked first. One request per appointment; it goes with the appointment.
create table appointments.earlier_slot_requests (
    appointment_id  uuid        primary key,
    clinic_id       uuid        not null,
    patient_id      uuid        not null,
    created_at      timestamptz not null,
    foreign key (clinic_id, appointment_id) references appointments.appointments (clinic_id, id) on delete cascade
);

create index earlier_slot_requests_in_turn on appointments.earlier_slot_requests (clinic_id, created_at, appointment_id);

-- A time given up by a cancellation or a move, while it is being offered to those asking: 'offering' while an offer
-- is out or may still go, 'taken' once an asker accepted it, 'closed' when nobody (else) may have it.
create table appointments.freed_slots (
    id           uuid        primary key,
    clinic_id    uuid        not null,
    provider_id  uuid        not null,
    type_id      uuid        not null,
    location_id  uuid,
    starts_at    timestamptz not null,
    ends_at      timestamptz not null check (ends_at > starts_at),
    freed_at     timestamptz not null,
    state        text        not null check (state in ('offering', 'taken', 'closed')),
    unique (clinic_id, id),
    foreign key (clinic_id, provider_id) references appointments.providers (clinic_id, id),
    foreign key (clinic_id, type_id) references appointments.appointment_types (clinic_id, id)
);

-- One freed time goes to one asker at a time: 'pending' until it is accepted, declined, expires or is withdrawn
-- (the asker's appointment changed, or the time went to someone else).
create table appointments.earlier_slot_offers (
    id              uuid        primary key,
    clinic_id       uuid        not null,
    freed_slot_id   uuid        not null,
    appointment_id  uuid        not null,
    patient_id      uuid        not null,
    offered_at      timestamptz not null,
    expires_at      timestamptz not null check (expires_at > offered_at),
    state           text        not null check (state in ('pending', 'accepted', 'declined', 'expired', 'withdrawn')),
    decided_at      timestamptz,
    unique (freed_slot_id, appointment_id),
    foreign key (clinic_id, freed_slot_id) references appointments.freed_slots (clinic_id, id) on delete cascade,
    foreign key (clinic_id, appointment_id) references appointments.appointments (clinic_id, id) on delete cascade
);

create unique index earlier_slot_offers_one_pending on appointments.earlier_slot_offers (freed_slot_id) where state = 'pending';
create index earlier_slot_offers_of_appointment on appointments.earlier_slot_offers (clinic_id, appointment_id) where state = 'pending';
-- The offers job's scan: pending offers by expiry, across clinics.
create index earlier_slot_offers_expiring on appointments.earlier_slot_offers (expires_at) where state = 'pending';
