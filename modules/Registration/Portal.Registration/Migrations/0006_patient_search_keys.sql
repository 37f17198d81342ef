-- What the patient search looks up, one row per distinct (patient, kind, key), each with the patient's place in the
-- list (sort key, id) and status. Kinds: 'n' a word of name_words, 'i' an identifier number, 'c' a contact value (an
-- email or a mobile, as patient_contacts stores it), 'h' the chart number. A search by phone, identifier, chart number,
-- email or name prefix reads its matches, already in list order, from the index alone, and visits only the patient
-- rows of the page it shows. The triggers below keep the keys true whoever writes the patient, its contacts or its
-- identifiers (ADR 36).
create table registration.patient_search_keys (
    clinic_id   uuid    not null,
    kind        "char"  not null check (kind in ('n', 'i', 'c', 'h')),
    key         text    not null collate "C",
    sort_key    text    not null collate "C",
    patient_id  uuid    not null,
    active      boolean not null
);

-- Every key of the given patients, from the tables as they are now.
create function registration.refresh_patient_search_keys(ids uuid[]) returns void
language plpgsql as $$
begin
    delete from registration.patient_search_keys where patient_id = any(ids);
    insert into registration.patient_search_keys (clinic_id, kind, key, sort_key, patient_id, active)
    select p.clinic_id, k.kind, k.key, p.sort_key, p.id, p.active
    from registration.patients p
    cross join lateral (
        select 'n'::"char", w from unnest(string_to_array(p.name_words, ' ')) w where w <> ''
        union select 'h', p.chart_number where p.chart_number is not null
        union select 'c', c.value from registration.patient_contacts c where c.patient_id = p.id
        union select 'i', i.number from registration.patient_identifiers i where i.patient_id = p.id
    ) k (kind, key)
    where p.id = any(ids);
end
$$;

-- New patients: their name words and chart number (their contacts and identifiers come after them).
create function registration.patient_search_keys_of_new_patients() returns trigger
language plpgsql as $$
begin
    insert into registration.patient_search_keys (clinic_id, kind, key, sort_key, patient_id, active)
    select p.clinic_id, k.kind, k.key, p.sort_key, p.id, p.active
    from added p
    cross join lateral (
        select distinct 'n'::"char", w from unnest(string_to_array(p.name_words, ' ')) w where w <> ''
        union all select 'h', p.chart_number where p.chart_number is not null
    ) k (kind, key);
    return null;
end
$$;

-- Changed patients: only those whose clinic, names, chart number, sort key or status changed are looked at again.
create function registration.patient_search_keys_of_changed_patients() returns trigger
language plpgsql as $$
declare
    ids uuid[];
begin
    select array_agg(distinct x.id) into ids
    from old_rows o join new_rows n on n.id = o.id
    cross join lateral (values (o.id), (n.id)) x (id)
    where (o.clinic_id, o.name_words, o.chart_number, o.sort_key, o.active) is distinct from
          (n.clinic_id, n.name_words, n.chart_number, n.sort_key, n.active);
    if ids is not null then
        perform registration.refresh_patient_search_keys(ids);
    end if;
    return null;
end
$$;

create function registration.patient_search_keys_of_removed_patients() returns trigger
language plpgsql as $$
begin
    delete from registration.patient_search_keys s using removed o where s.patient_id = o.id;
    return null;
end
$$;

create function registration.patient_search_keys_of_truncated_patients() returns trigger
language plpgsql as $$
begin
    truncate registration.patient_search_keys;
    return null;
end
$$;

create function registration.patient_search_keys_of_new_details() returns trigger
language plpgsql as $$
begin
    if tg_table_name = 'patient_contacts' then
        insert into registration.patient_search_keys (clinic_id, kind, key, sort_key, patient_id, active)
        select distinct p.clinic_id, 'c'::"char", a.value, p.sort_key, p.id, p.active
        from added a join registration.patients p on p.id = a.patient_id
        on conflict do nothing;
    else
        insert into registration.patient_search_keys (clinic_id, kind, key, sort_key, patient_id, active)
        select distinct p.clinic_id, 'i'::"char", a.number, p.sort_key, p.id, p.active
        from added a join registration.patients p on p.id = a.patient_id
        on conflict do nothing;
    end if;
    return null;
end
$$;

-- A removed contact or identifier takes its key with it unless another row of the patient still gives it.
create function registration.patient_search_keys_of_removed_details() returns trigger
language plpgsql as $$
begin
    if tg_table_name = 'patient_contacts' then
        delete from registration.patient_search_keys s
        using removed o
        where s.patient_id = o.patient_id and s.kind = 'c' and s.key = o.value
          and not exists (select 1 from registration.patient_contacts c where c.patient_id = o.patient_id and c.value = o.value);
    else
        delete from registration.patient_search_keys s
        using removed o
        where s.patient_id = o.patient_id and s.kind = 'i' and s.key = o.number
          and not exists (select 1 from registration.patient_identifiers i where i.patient_id = o.patient_id and i.number = o.number);
    end if;
    return null;
end
$$;

create function registration.patient_search_keys_of_changed_details() returns trigger
language plpgsql as $$
declare
    ids uuid[];
begin
    select array_agg(distinct x.patient_id) into ids
    from (select patient_id from old_rows union select patient_id from new_rows) x;
    if ids is not null then
        perform registration.refresh_patient_search_keys(ids);
    end if;
    return null;
end
$$;

create trigger search_keys_of_new_patients after insert on registration.patients
    referencing new table as added for each statement execute function registration.patient_search_keys_of_new_patients();
create trigger search_keys_of_changed_patients after update on registration.patients
    referencing old table as old_rows new table as new_rows for each statement execute function registration.patient_search_keys_of_changed_patients();
create trigger search_keys_of_removed_patients after delete on registration.patients
    referencing old table as removed for each statement execute function registration.patient_search_keys_of_removed_patients();
create trigger search_keys_of_truncated_patients after truncate on registration.patients
    for each statement execute function registration.patient_search_keys_of_truncated_patients();

create trigger search_keys_of_new_contacts after insert on registration.patient_contacts
    referencing new table as added for each statement execute function registration.patient_search_keys_of_new_details();
create trigger search_keys_of_removed_contacts after delete on registration.patient_contacts
    referencing old table as removed for each statement execute function registration.patient_search_keys_of_removed_details();
create trigger search_keys_of_changed_contacts after update on registration.patient_contacts
    referencing old table as old_rows new table as new_rows for each statement execute function registration.patient_search_keys_of_changed_details();

create trigger search_keys_of_new_identifiers after insert on registration.patient_identifiers
    referencing new table as added for each statement execute function registration.patient_search_keys_of_new_details();
create trigger search_keys_of_removed_identifiers after delete on registration.patient_identifiers
    referencing old table as removed for each statement execute function registration.patient_search_keys_of_removed_details();
create trigger search_keys_of_changed_identifiers after update on registration.patient_identifiers
    referencing old table as old_rows new table as new_rows for each statement execute function registration.patient_search_keys_of_changed_details();

-- The patients already on file.
insert into registration.patient_search_keys (clinic_id, kind, key, sort_key, patient_id, active)
select p.clinic_id, k.kind, k.key, p.sort_key, p.id, p.active
from registration.patients p
cross join lateral (
    select distinct 'n'::"char", w from unnest(string_to_array(p.name_words, ' ')) w where w <> ''
    union all select 'h', p.chart_number where p.chart_number is not null
) k (kind, key);

insert into registration.patient_search_keys (clinic_id, kind, key, sort_key, patient_id, active)
select distinct p.clinic_id, 'c'::"char", c.value, p.sort_key, p.id, p.active
from registration.patient_contacts c join registration.patients p on p.id = c.patient_id;

insert into registration.patient_search_keys (clinic_id, kind, key, sort_key, patient_id, active)
select distinct p.clinic_id, 'i'::"char", i.number, p.sort_key, p.id, p.active
from registration.patient_identifiers i join registration.patients p on p.id = i.patient_id;

-- Built after the rows they index, so each is built in one pass.
alter table registration.patient_search_keys add primary key (patient_id, kind, key);
create index patient_search_keys_lookup on registration.patient_search_keys (clinic_id, kind, key, sort_key, patient_id) include (active);

-- The search reads the keys now: the name's GIN index (and the tsvector it indexed) and the index that placed a
-- contact's or identifier's patient in the list have no reader left.
drop index registration.patients_name_search;
drop index registration.patients_list_place;
alter table registration.patients drop column name_search;

analyze registration.patient_search_keys;
