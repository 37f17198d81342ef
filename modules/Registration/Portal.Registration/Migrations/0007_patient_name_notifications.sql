-- Each host keeps the names of the patients it showed lately (Directory/PatientNamesCache.cs). A change to a patient's name, or
-- the patient's removal, notifies the clinic on registration_patient_names_changed, delivered to every host when the
-- transaction commits, whichever code or script made it. A new patient needs no notice: a name not kept is read.
create function registration.notify_patient_names_changed() returns trigger
language plpgsql as $$
begin
    perform pg_notify('registration_patient_names_changed', old.clinic_id::text);
    return null;
end
$$;

create trigger patient_names_changed after update of legal_given_name, legal_family_name, preferred_name, clinic_id on registration.patients
    for each row
    when (old.legal_given_name is distinct from new.legal_given_name or old.legal_family_name is distinct from new.legal_family_name
          or old.preferred_name is distinct from new.preferred_name or old.clinic_id is distinct from new.clinic_id)
    execute function registration.notify_patient_names_changed();

create trigger patients_removed after delete on registration.patients
    for each row execute function registration.notify_patient_names_changed();
