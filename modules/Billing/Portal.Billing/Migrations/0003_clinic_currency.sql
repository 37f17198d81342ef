-- The clinic's billing currency (ISO 4217, lower case): the price list and invoices made from now on use it; an invoice keeps the
-- currency it was made in (billing.invoices.currency). No row: CAD.
create table billing.clinic_settings (
    clinic_id   uuid        primary key,
    currency    text        not null check (currency ~ '^[a-z]{3}$'),
    updated_at  timestamptz not null,
    updated_by  uuid
);
