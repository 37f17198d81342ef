-- Each host keeps the sessions it has just found alive for a few seconds (ADR 32). Whoever changes or deletes a session
-- row or a staff account, PostgreSQL announces it when the transaction commits, and every host forgets what it kept.
create function identity.announce_session_change() returns trigger
language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        perform pg_notify('identity_sessions', tg_argv[0] || ':' || encode(old.token_hash, 'hex'));
    else
        perform pg_notify('identity_sessions', tg_argv[0] || ':' || encode(new.token_hash, 'hex'));
        if new.token_hash is distinct from old.token_hash then
            perform pg_notify('identity_sessions', tg_argv[0] || ':' || encode(old.token_hash, 'hex'));
        end if;
    end if;
    return null;
end;
$$;

create trigger staff_sessions_announce_change
    after update or delete on identity.staff_sessions
    for each row execute function identity.announce_session_change('staff');

create trigger patient_sessions_announce_change
    after update or delete on identity.patient_sessions
    for each row execute function identity.announce_session_change('patient');

-- A staff session carries its account's role, name, email and whether it is disabled: any change to accounts forgets them all.
create function identity.announce_staff_account_change() returns trigger
language plpgsql as $$
begin
    perform pg_notify('identity_sessions', 'staff:*');
    return null;
end;
$$;

create trigger staff_users_announce_change
    after update or delete on identity.staff_users
    for each statement execute function identity.announce_staff_account_change();
