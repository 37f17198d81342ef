-- Each host keeps a copy of a clinic's account names (Staff/StaffNamesCache.cs). Adding, removing, renaming, disabling or
-- moving an account notifies its clinic on identity_staff_changed, delivered to every host when the transaction commits,
-- whichever code or script made the change. Operators belong to no clinic and are not copied.
create function identity.notify_staff_changed() returns trigger
language plpgsql as $$
begin
    if tg_op <> 'INSERT' and old.clinic_id is not null then
        perform pg_notify('identity_staff_changed', old.clinic_id::text);
    end if;
    if tg_op <> 'DELETE' and new.clinic_id is not null then
        perform pg_notify('identity_staff_changed', new.clinic_id::text);
    end if;
    return null;
end
$$;

create trigger staff_users_changed after insert or delete or update of clinic_id, display_name, role, disabled_at on identity.staff_users
    for each row execute function identity.notify_staff_changed();
