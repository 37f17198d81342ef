-- Each host keeps a clinic's schedule set-up and its computed free slots in memory. Every change notifies the clinic's
-- id, delivered to every host when the transaction commits, whichever code or script made it: set-up changes on
-- appointments_setup_changed, changes to the time appointments take on appointments_taken_changed.
-- PostgreSQL sends a payload once per transaction however many rows repeat it.
create function appointments.notify_clinic_changed() returns trigger
language plpgsql as $$
begin
    perform pg_notify(tg_argv[0], (case when tg_op = 'DELETE' then old.clinic_id else new.clinic_id end)::text);
    return null;
end
$$;

create trigger providers_changed after insert or update or delete on appointments.providers
    for each row execute function appointments.notify_clinic_changed('appointments_setup_changed');
create trigger locations_changed after insert or update or delete on appointments.locations
    for each row execute function appointments.notify_clinic_changed('appointments_setup_changed');
create trigger appointment_types_changed after insert or update or delete on appointments.appointment_types
    for each row execute function appointments.notify_clinic_changed('appointments_setup_changed');
create trigger type_providers_changed after insert or update or delete on appointments.type_providers
    for each row execute function appointments.notify_clinic_changed('appointments_setup_changed');
create trigger weekly_availability_changed after insert or update or delete on appointments.weekly_availability
    for each row execute function appointments.notify_clinic_changed('appointments_setup_changed');
create trigger availability_exceptions_changed after insert or update or delete on appointments.availability_exceptions
    for each row execute function appointments.notify_clinic_changed('appointments_setup_changed');
create trigger booking_rules_changed after insert or update or delete on appointments.booking_rules
    for each row execute function appointments.notify_clinic_changed('appointments_setup_changed');

-- Only what changes free time: a new or removed appointment, a move, a status that releases or takes the time back.
create trigger appointments_taken_changed after insert or delete or update of provider_id, occupied, status on appointments.appointments
    for each row execute function appointments.notify_clinic_changed('appointments_taken_changed');
