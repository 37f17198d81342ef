-- Documents in a patient's chart (lab results, forms, videos…). The bytes are in the platform's file
-- store under file_key; the type was decided from the content, and the size limit for it was kept.
create table registration.documents (
    id             uuid        primary key,
    clinic_id      uuid        not null,
    patient_id     uuid        not null,
    type           text        not null check (type in (
                       'lab_requisition', 'lab_result', 'form', 'encounter_note', 'invoice',
                       'educational_video', 'questionnaire_data', 'photo', 'other')),
    title          text        not null check (length(title) between 1 and 200),
    document_date  date        not null check (document_date >= date '1900-01-01'),
    source         text        check (length(source) between 1 and 200),
    file_key       text        not null unique,
    content_type   text        not null check (content_type in (
                       'application/pdf', 'image/png', 'image/jpeg', 'image/webp', 'video/mp4', 'video/webm', 'text/plain')),
    byte_length    bigint      not null check (byte_length > 0),
    sha256         text        not null check (sha256 ~ '^[0-9a-f]{64}$'),
    added_at       timestamptz not null,
    added_by       uuid,
    added_by_name  text,
    foreign key (clinic_id, patient_id) references registration.patients (clinic_id, id)
);

create index documents_by_patient on registration.documents (clinic_id, patient_id, document_date desc, added_at desc);
