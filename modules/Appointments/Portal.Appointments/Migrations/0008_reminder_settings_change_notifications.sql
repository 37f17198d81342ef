-- Each host keeps a clinic's reminder settings with its schedule set-up (migration 0007): a change, by any code or
-- script, drops the set-up on every host when it commits.
create trigger reminder_settings_changed after insert or update or delete on appointments.reminder_settings
    for each row execute function appointments.notify_clinic_changed('appointments_setup_changed');
