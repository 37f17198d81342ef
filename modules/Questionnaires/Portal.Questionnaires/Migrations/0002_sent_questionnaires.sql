-- A questionnaire staff sent a patient on its own, announced by a secure message: the patient's task, tied to no appointment.
create table questionnaires.sent (
    id                uuid        primary key,
    clinic_id         uuid        not null,
    patient_id        uuid        not null,
    questionnaire_id  uuid        not null,
    sent_at           timestamptz not null,
    sent_by           uuid,
    conversation_id   uuid,
    unique (clinic_id, id),
    foreign key (clinic_id, questionnaire_id) references questionnaires.questionnaires (clinic_id, id)
);

create index sent_of_patient on questionnaires.sent (clinic_id, patient_id, sent_at desc, id desc);

-- A response answers an appointment's pre-visit task or a sent questionnaire, never both.
alter table questionnaires.responses add column sent_id uuid;
alter table questionnaires.responses add constraint responses_sent_fk foreign key (clinic_id, sent_id) references questionnaires.sent (clinic_id, id);
alter table questionnaires.responses add constraint responses_one_task check (appointment_id is null or sent_id is null);

create unique index responses_one_per_sent on questionnaires.responses (clinic_id, patient_id, sent_id) where sent_id is not null;
