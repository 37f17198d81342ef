-- The append-only audit log every module writes through IAuditLog (checklist A5).
create table platform.audit_log (
    id              bigint generated always as identity primary key,
    occurred_at     timestamptz not null,
    clinic_id       uuid,
    actor_kind      text        not null check (actor_kind in ('staff', 'operator', 'patient', 'system', 'anonymous')),
    actor_id        uuid,
    actor_label     text,
    action          text        not null,
    target_type     text,
    target_id       text,
    client_address  inet,
    details         jsonb       not null default '{}'::jsonb
);

create index audit_log_clinic_time on platform.audit_log (clinic_id, occurred_at desc);
create index audit_log_target on platform.audit_log (target_type, target_id, occurred_at desc);

create function platform.refuse_audit_log_change() returns trigger
language plpgsql as $$
begin
    raise exception 'platform.audit_log is append-only' using errcode = '42501';
end;
$$;

create trigger audit_log_append_only
    before update or delete on platform.audit_log
    for each row execute function platform.refuse_audit_log_change();

create trigger audit_log_no_truncate
    before truncate on platform.audit_log
    for each statement execute function platform.refuse_audit_log_change();
