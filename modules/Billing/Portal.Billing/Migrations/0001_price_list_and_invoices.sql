create schema if not exists billing;

-- The clinic's price list of uninsured services (forms, notes, missed-appointment fees...). Prices in cents of the
-- clinic's currency; the tax rate in basis points (1300 = 13 %), 0 where no tax applies.
create table billing.services (
    id                 uuid        primary key,
    clinic_id          uuid        not null,
    code               text        not null check (length(code) between 1 and 40),
    name_en            text        not null check (length(name_en) between 1 and 200),
    name_fr            text        not null check (length(name_fr) between 1 and 200),
    unit_price_cents   bigint      not null check (unit_price_cents between 0 and 100000000),
    tax_rate_bp        integer     not null check (tax_rate_bp between 0 and 10000),
    active             boolean     not null default true,
    created_at         timestamptz not null,
    unique (clinic_id, code)
);

-- One row per clinic, locked by the transaction that issues an invoice: numbers follow each other without gaps, since
-- a rolled-back issue rolls back its number too, and two issues at once take turns.
create table billing.invoice_counters (
    clinic_id    uuid    primary key,
    last_number  integer not null check (last_number >= 0)
);

create table billing.invoices (
    id              uuid        primary key,
    clinic_id       uuid        not null,
    patient_id      uuid        not null,
    number          integer,
    status          text        not null check (status in ('draft', 'issued', 'paid', 'partially_refunded', 'refunded', 'void')),
    currency        text        not null check (currency ~ '^[a-z]{3}$'),
    subtotal_cents  bigint      not null check (subtotal_cents >= 0),
    tax_cents       bigint      not null check (tax_cents >= 0),
    total_cents     bigint      not null check (total_cents >= 0),
    refunded_cents  bigint      not null default 0 check (refunded_cents >= 0 and refunded_cents <= total_cents),
    note            text        check (length(note) between 1 and 1000),
    created_by      uuid        not null,
    created_at      timestamptz not null,
    issued_at       timestamptz,
    paid_at         timestamptz,
    voided_at       timestamptz,
    payment_intent  text,
    unique (clinic_id, number),
    check (case status when 'draft' then number is null when 'void' then true else number is not null end)
);

create index invoices_patient on billing.invoices (clinic_id, patient_id, created_at desc);
create index invoices_clinic on billing.invoices (clinic_id, created_at desc);

create table billing.invoice_lines (
    invoice_id        uuid    not null references billing.invoices (id) on delete cascade,
    position          integer not null check (position between 1 and 100),
    service_id        uuid    not null references billing.services (id),
    description_en    text    not null,
    description_fr    text    not null,
    quantity          integer not null check (quantity between 1 and 1000),
    unit_price_cents  bigint  not null check (unit_price_cents >= 0),
    tax_rate_bp       integer not null check (tax_rate_bp between 0 and 10000),
    tax_cents         bigint  not null check (tax_cents >= 0),
    total_cents       bigint  not null check (total_cents >= 0),
    primary key (invoice_id, position)
);

-- Each Stripe Checkout Session made for an invoice: the attempt number is in its idempotency key (W3).
create table billing.checkout_sessions (
    id              text        primary key,
    clinic_id       uuid        not null,
    invoice_id      uuid        not null references billing.invoices (id),
    attempt         integer     not null check (attempt >= 1),
    status          text        not null check (status in ('open', 'complete', 'expired')),
    payment_status  text        not null,
    amount_cents    bigint      not null,
    currency        text        not null,
    url             text,
    payment_intent  text,
    expires_at      timestamptz not null,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    unique (invoice_id, attempt)
);

create index checkout_sessions_open on billing.checkout_sessions (created_at) where status = 'open';

-- Stripe events already handled, by id (W2): a second delivery of one changes nothing.
create table billing.stripe_events (
    clinic_id    uuid        not null,
    event_id     text        not null,
    type         text        not null,
    received_at  timestamptz not null,
    primary key (clinic_id, event_id)
);

create table billing.refunds (
    id            text        primary key,
    clinic_id     uuid        not null,
    invoice_id    uuid        not null references billing.invoices (id),
    amount_cents  bigint      not null check (amount_cents > 0),
    created_by    uuid,
    created_at    timestamptz not null
);
