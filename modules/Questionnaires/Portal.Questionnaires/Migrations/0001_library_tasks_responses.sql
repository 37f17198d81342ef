create schema if not exists questionnaires;

-- A questionnaire in a clinic's library, known by its FHIR canonical url. Its content is in its versions.
create table questionnaires.questionnaires (
    id          uuid        primary key,
    clinic_id   uuid        not null,
    url         text        not null check (length(url) between 1 and 500),
    starter     boolean     not null default false,
    created_at  timestamptz not null,
    unique (clinic_id, id),
    unique (clinic_id, url)
);

-- One version of a questionnaire (Questionnaire.version). A version never changes once imported: a correction is a new version.
create table questionnaires.versions (
    id                uuid        primary key,
    clinic_id         uuid        not null,
    questionnaire_id  uuid        not null,
    version           text        not null check (length(version) between 1 and 64),
    imported_at       timestamptz not null,
    unique (clinic_id, id),
    unique (questionnaire_id, version),
    foreign key (clinic_id, questionnaire_id) references questionnaires.questionnaires (clinic_id, id)
);

create index versions_latest on questionnaires.versions (questionnaire_id, imported_at desc, id desc);

-- A version's text in one language: the FHIR Questionnaire JSON as imported (checked), with Questionnaire.language = language.
-- Both languages of a version have the same items (link ids and types); only the words differ.
create table questionnaires.version_texts (
    version_id   uuid        not null,
    clinic_id    uuid        not null,
    language     text        not null check (language in ('en', 'fr')),
    title        text        not null check (length(title) between 1 and 200),
    resource     text        not null check (length(resource) <= 1048576),
    imported_at  timestamptz not null,
    imported_by  uuid,
    primary key (version_id, language),
    foreign key (clinic_id, version_id) references questionnaires.versions (clinic_id, id)
);

-- Starter questionnaires are written into a clinic's library once; this row says it was done.
create table questionnaires.starters_seeded (
    clinic_id  uuid        primary key,
    seeded_at  timestamptz not null
);

-- Pre-visit tasks: patients with an appointment of this type (Appointments' id) fill this questionnaire, due this long before it starts;
-- position keeps the order staff gave them.
create table questionnaires.appointment_type_tasks (
    clinic_id            uuid    not null,
    appointment_type_id  uuid    not null,
    questionnaire_id     uuid    not null,
    due_minutes_before   integer not null check (due_minutes_before between 0 and 43200),
    position             integer not null check (position between 0 and 99),
    primary key (clinic_id, appointment_type_id, questionnaire_id),
    foreign key (clinic_id, questionnaire_id) references questionnaires.questionnaires (clinic_id, id)
);

-- A patient's answers: a FHIR QuestionnaireResponse, in progress (a draft) until submitted, then completed and never changed.
create table questionnaires.responses (
    id                uuid        primary key,
    clinic_id         uuid        not null,
    patient_id        uuid        not null,
    appointment_id    uuid,
    questionnaire_id  uuid        not null,
    version_id        uuid        not null,
    language          text        not null check (language in ('en', 'fr')),
    status            text        not null check (status in ('in-progress', 'completed')),
    resource          text        not null check (length(resource) <= 1048576),
    total_score       numeric,
    created_at        timestamptz not null,
    updated_at        timestamptz not null,
    submitted_at      timestamptz,
    document_id       uuid,
    unique (clinic_id, id),
    foreign key (clinic_id, questionnaire_id) references questionnaires.questionnaires (clinic_id, id),
    foreign key (clinic_id, version_id) references questionnaires.versions (clinic_id, id),
    check ((status = 'completed') = (submitted_at is not null and document_id is not null))
);

create unique index responses_one_per_appointment_task on questionnaires.responses (clinic_id, patient_id, appointment_id, questionnaire_id)
    where appointment_id is not null;
create index responses_of_patient on questionnaires.responses (clinic_id, patient_id, submitted_at desc nulls first, id desc);

-- A submitted response is part of the record: it never changes and is never removed.
create function questionnaires.refuse_submitted_changes() returns trigger
language plpgsql as $$
begin
    if old.status = 'completed' then
        raise exception 'a submitted questionnaire response cannot be changed' using errcode = 'restrict_violation';
    end if;
    return case when tg_op = 'DELETE' then old else new end;
end
$$;

create trigger submitted_responses_never_change before update or delete on questionnaires.responses
    for each row execute function questionnaires.refuse_submitted_changes();
