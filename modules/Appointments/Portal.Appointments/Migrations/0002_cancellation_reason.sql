-- Who cancelled an appointment and, if the patient gave one, why.
alter table appointments.appointments
    add column cancelled_by text check (cancelled_by in ('patient', 'staff')),
    add column cancel_reason text check (length(cancel_reason) between 1 and 500);
