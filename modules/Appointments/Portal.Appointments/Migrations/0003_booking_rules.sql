-- X5: what patients may do online, per clinic. A clinic without a row has the defaults in BookingRules.Defaults.
create table appointments.booking_rules (
    clinic_id              uuid        primary key,
    min_notice_minutes     integer     not null check (min_notice_minutes between 0 and 43200),
    book_ahead_days        integer     not null check (book_ahead_days between 1 and 730),
    change_window_minutes  integer     not null check (change_window_minutes between 0 and 43200),
    max_upcoming           integer     not null check (max_upcoming between 1 and 100),
    booking_mode           text        not null check (booking_mode in ('direct', 'request')),
    updated_at             timestamptz not null
);

-- A type's own rules where it differs from the clinic's; null means the clinic's. max_upcoming here counts that type only.
alter table appointments.appointment_types
    add column min_notice_minutes     integer check (min_notice_minutes between 0 and 43200),
    add column book_ahead_days        integer check (book_ahead_days between 1 and 730),
    add column change_window_minutes  integer check (change_window_minutes between 0 and 43200),
    add column max_upcoming           integer check (max_upcoming between 1 and 100),
    add column booking_mode           text    check (booking_mode in ('direct', 'request'));
