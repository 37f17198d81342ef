-- What the patient list shows beside a name: the first identifier, the first email and the first mobile. Kept on the
-- patient row, written with the contacts and identifiers they copy (PatientStore writes all three in one transaction),
-- so that a page of the list is one index scan of registration.patients, not three index probes per row.
alter table registration.patients
    add column list_id_type       text,
    add column list_id_number     text,
    add column list_id_version    text,
    add column list_email         text,
    add column list_mobile        text;

update registration.patients p
set list_id_type = i.id_type, list_id_number = i.number, list_id_version = i.version_code
from (select distinct on (patient_id) patient_id, id_type, number, version_code
      from registration.patient_identifiers order by patient_id, position) i
where i.patient_id = p.id;

update registration.patients p
set list_email = c.value
from (select distinct on (patient_id) patient_id, value
      from registration.patient_contacts where kind = 'email' order by patient_id, position) c
where c.patient_id = p.id;

update registration.patients p
set list_mobile = c.value
from (select distinct on (patient_id) patient_id, value
      from registration.patient_contacts where kind = 'mobile' order by patient_id, position) c
where c.patient_id = p.id;

-- A search by phone, email or number finds its patients in the index alone, and reads each one's place in the list
-- (clinic, active, sort key) from an index too: no table row is visited for a match that is not shown.
create index patient_contacts_by_value_with_patient on registration.patient_contacts (clinic_id, value) include (patient_id);
drop index registration.patient_contacts_by_value;
create index patient_identifiers_by_number_with_patient on registration.patient_identifiers (clinic_id, number) include (patient_id);
drop index registration.patient_identifiers_by_number;
create index patients_list_place on registration.patients (id) include (clinic_id, active, sort_key);
