-- Hosts keep the sessions they checked recently; every end of a session, and every change to a staff
-- account that its sessions carry, tells them on commit (checklist C2), whoever wrote it.
create function identity.notify_session_changed() returns trigger
language plpgsql as $$
begin
    perform pg_notify('identity_sessions', tg_argv[0] || encode(old.token_hash, 'hex'));
    return null;
end
$$;

create trigger patient_sessions_changed
    after update on identity.patient_sessions
    for each row
    when ((old.ended_at, old.absolute_expires_at, old.stay_logged_in, old.clinic_id, old.patient_id, old.token_hash)
          is distinct from (new.ended_at, new.absolute_expires_at, new.stay_logged_in, new.clinic_id, new.patient_id, new.token_hash))
    execute function identity.notify_session_changed('p:');

create trigger patient_sessions_deleted
    after delete on identity.patient_sessions
    for each row when (old.ended_at is null)
    execute function identity.notify_session_changed('p:');

create trigger staff_sessions_changed
    after update on identity.staff_sessions
    for each row
    when ((old.ended_at, old.absolute_expires_at, old.user_id, old.token_hash)
          is distinct from (new.ended_at, new.absolute_expires_at, new.user_id, new.token_hash))
    execute function identity.notify_session_changed('s:');

create trigger staff_sessions_deleted
    after delete on identity.staff_sessions
    for each row when (old.ended_at is null)
    execute function identity.notify_session_changed('s:');

create function identity.notify_staff_user_changed() returns trigger
language plpgsql as $$
begin
    perform pg_notify('identity_sessions', 'u:' || old.id::text);
    return null;
end
$$;

create trigger staff_users_changed
    after update on identity.staff_users
    for each row
    when ((old.clinic_id, old.email, old.display_name, old.role, old.disabled_at)
          is distinct from (new.clinic_id, new.email, new.display_name, new.role, new.disabled_at))
    execute function identity.notify_staff_user_changed();

create trigger staff_users_deleted
    after delete on identity.staff_users
    for each row
    execute function identity.notify_staff_user_changed();
