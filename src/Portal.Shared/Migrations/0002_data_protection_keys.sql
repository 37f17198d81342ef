-- ASP.NET Core Data Protection key ring, shared by every host (checklist C6).
create table platform.data_protection_keys (
    id             bigint generated always as identity primary key,
    friendly_name  text        not null,
    xml            text        not null,
    created_at     timestamptz not null default now()
);
