-- Made-up conversations for bench/messaging, written set-based straight into the messaging tables.
-- Variables (psql -v): clinic_id, patient_id (the patient the benchmark signs in as), messages (how many
-- in all), mailbox (how many conversations that patient has).
--
-- Each conversation has 1 to 10 messages, the first from staff, then patient replies and staff answers
-- in turn where replies are allowed (else staff only). Last activity is spread over two years; the
-- chosen patient's first five conversations are from the last ten days. Everything is read except a
-- conversation's last message: a patient reply from the last three weeks is unread by staff, a staff
-- message from the last two months (or one in twenty older ones) is unread by the patient. Quiet
-- conversations older than two months are mostly closed; three in ten are assigned to a staff member.
-- The unread counters are the counts of unread messages, as the handlers keep them.
\set ON_ERROR_STOP on
begin;
select setseed(0.2026);

create temp table bench_staff on commit drop as
select id, display_name, (row_number() over (order by id) - 1)::int as n
from identity.staff_users
where clinic_id = :'clinic_id' and disabled_at is null;

create temp table bench_patients on commit drop as
select id, (row_number() over (order by id) - 1)::int as n
from registration.patients
where clinic_id = :'clinic_id' and id <> :'patient_id';

create index on bench_patients (n);

create temp table bench_conversations on commit drop as
with sized as (
    select g as n, 1 + floor(random() * 10)::int as size,
           random() as r_patient, random() as r_replies, random() as r_gap, random() as r_when, random() as r_state, random() as r_assign
    from generate_series(1, (:messages / 3)::int) g
), counted as (
    select *, sum(size) over (order by n) - size as before from sized
), shaped as (
    select n, least(size, :messages - before)::int as size, r_state, r_assign,
           floor(r_patient * (select count(*) from bench_patients))::int as patient_n,
           r_replies < 0.8 as replies_allowed,
           make_interval(mins => (10 + r_gap * 4310)::int) as gap,
           now() - case when n <= 5 then r_when * interval '10 days' else r_when * interval '730 days' end as last_message_at
    from counted
    where before < :messages
)
select s.n, gen_random_uuid() as id, s.size, s.replies_allowed, s.gap, s.last_message_at,
       s.last_message_at - (s.size - 1) * s.gap as created_at,
       case when s.n <= :mailbox then :'patient_id'::uuid else p.id end as patient_id,
       (s.replies_allowed and s.size % 2 = 0) as patient_last,
       s.r_state, s.r_assign
from shaped s
join bench_patients p on p.n = s.patient_n;

create temp table bench_subjects on commit drop as
select (ordinality - 1)::int as n, subject
from unnest(array[
    'Your lab results', 'Follow-up after your visit', 'Prescription renewal', 'Referral to a specialist',
    'Flu vaccine clinic', 'Form to complete before your appointment', 'Your invoice', 'Question about your medication',
    'Imaging results', 'Blood pressure readings', 'Diabetes check-in', 'Travel vaccines',
    'Sick note', 'Physiotherapy referral', 'Allergy test results', 'Annual physical'
]) with ordinality as t(subject, ordinality);

insert into messaging.conversations
    (id, clinic_id, patient_id, subject, replies_allowed, status, assigned_to, created_by, created_at, last_message_at,
     staff_unread, patient_unread, status_changed_at, status_changed_by)
select c.id, :'clinic_id', c.patient_id, sj.subject, c.replies_allowed,
       case when closed then 'closed' else 'open' end,
       case when c.r_assign < 0.3 then s.id end,
       s.id, c.created_at, c.last_message_at,
       case when c.patient_last and c.last_message_at > now() - interval '21 days' then 1 else 0 end,
       case when not c.patient_last and (c.last_message_at > now() - interval '60 days' or c.r_state < 0.05) then 1 else 0 end,
       case when closed then c.last_message_at + interval '1 day' end,
       case when closed then s.id end
from (select *, last_message_at < now() - interval '60 days' and r_state < 0.8 as closed from bench_conversations) c
join bench_staff s on s.n = c.n % (select count(*) from bench_staff)
join bench_subjects sj on sj.n = c.n % 16;

-- Bodies are cut from one plain-text paragraph, 60 to 560 characters long.
insert into messaging.messages
    (id, clinic_id, conversation_id, author_kind, author_staff_id, author_name, body, sent_at, read_at, read_by)
select gen_random_uuid(), :'clinic_id', m.conversation_id, m.author_kind,
       case when m.author_kind = 'staff' then s.id end,
       case when m.author_kind = 'staff' then s.display_name end,
       substr(t.text, 1 + (m.n * 7 + m.k * 13) % 400, 60 + (m.n * 31 + m.k * 17) % 500),
       m.sent_at,
       case when m.unread then null else least(m.sent_at + interval '3 hours', now()) end,
       case when m.author_kind = 'patient' and not m.unread then s.id end
from (
    select c.n, k, c.id as conversation_id,
           case when c.replies_allowed and k % 2 = 0 then 'patient' else 'staff' end as author_kind,
           c.created_at + (k - 1) * c.gap as sent_at,
           k = c.size and (case when c.patient_last then cv.staff_unread else cv.patient_unread end) > 0 as unread
    from bench_conversations c
    join messaging.conversations cv on cv.id = c.id
    cross join lateral generate_series(1, c.size) k
) m
join bench_staff s on s.n = (m.n + m.k) % (select count(*) from bench_staff)
cross join (select repeat(
    'Thank you for your message. Your results came back and everything is within the normal range, so there is nothing '
    || 'to change for now. Please keep taking your medication as prescribed and book a follow-up visit in three months. '
    || 'If you notice new symptoms, such as a fever, shortness of breath or pain that does not go away, call the clinic '
    || 'or go to the nearest emergency department. The requisition for your next blood test is attached; you can bring '
    || 'it to any lab. Let us know if you have questions.' || chr(10) || 'Best regards, ', 2) as text) t;

commit;
