-- Made-up bills for bench/billing, written set-based straight into the billing tables.
-- Variables (psql -v): clinic_id, patient_id (the patient the benchmark signs in as), staff_id (who made the bills),
-- invoices (how many in all, the patient's included), mine (how many bills the patient has), webhook (how many of the
-- invoices are issued with an open Checkout Session, for the webhook part: cs_bench_<n>, each for the invoice's total).
--
-- The price list has eight services, some taxed at 13 %. Each invoice has 1 to 3 lines; amounts, tax and totals are
-- computed as the handlers compute them (tax per line rounded half away from zero). Issue dates are spread over two years.
-- Of the other invoices, about 5 % are drafts, 5 % void, 25 % issued, 60 % paid and 5 % partly or wholly refunded.
-- The patient's bills: a third issued (to pay), the rest paid or refunded, and one draft and one voided bill, which the
-- patient does not see. Numbers follow issue order without gaps, and the clinic's counter is left at the last one.
\set ON_ERROR_STOP on
begin;
select setseed(0.2026);

insert into billing.services (id, clinic_id, code, name_en, name_fr, unit_price_cents, tax_rate_bp, active, created_at)
select gen_random_uuid(), :'clinic_id', s.code, s.name_en, s.name_fr, s.price, s.tax, true, now() - interval '3 years'
from (values
    ('FORM-INS', 'Insurance form', 'Formulaire d''assurance', 4500, 1300),
    ('NOTE-SICK', 'Sick note', 'Billet médical', 2500, 1300),
    ('MISSED', 'Missed appointment', 'Rendez-vous manqué', 7500, 0),
    ('TRANSFER', 'Transfer of records', 'Transfert de dossier', 3500, 1300),
    ('DRIVER', 'Driver''s medical', 'Examen médical pour le permis de conduire', 12000, 1300),
    ('TRAVEL', 'Travel consultation', 'Consultation voyage', 6000, 0),
    ('CALL', 'Prescription by phone', 'Ordonnance par téléphone', 2000, 0),
    ('LETTER', 'Letter to an employer', 'Lettre à un employeur', 4000, 1300)
) as s(code, name_en, name_fr, price, tax)
on conflict (clinic_id, code) do nothing;

create temp table bench_services on commit drop as
select id, name_en, name_fr, unit_price_cents, tax_rate_bp, (row_number() over (order by code) - 1)::int as n
from billing.services where clinic_id = :'clinic_id' and active;

create temp table bench_patients on commit drop as
select id, (row_number() over (order by id) - 1)::int as n
from registration.patients
where clinic_id = :'clinic_id' and id <> :'patient_id';

create index on bench_patients (n);

-- One row per invoice. n 1..webhook are the webhook part's (issued, a session each); the last :mine are the patient's.
create temp table bench_invoices on commit drop as
with drawn as (
    select g as n, random() as r_status, random() as r_patient, random() as r_when, 1 + floor(random() * 3)::int as line_count
    from generate_series(1, :invoices) g
)
select d.n, gen_random_uuid() as id, d.line_count,
       case when d.n > :invoices - :mine then :'patient_id'::uuid else p.id end as patient_id,
       case
           when d.n <= :webhook then 'issued'
           when d.n = :invoices then 'draft'
           when d.n = :invoices - 1 then 'void'
           when d.n > :invoices - :mine then
               case when (d.n - :invoices + :mine) % 3 = 1 then 'issued'
                    when (d.n - :invoices + :mine) % 5 = 0 then 'partially_refunded'
                    else 'paid' end
           when d.r_status < 0.05 then 'draft'
           when d.r_status < 0.10 then 'void'
           when d.r_status < 0.35 then 'issued'
           when d.r_status < 0.95 then 'paid'
           when d.r_status < 0.98 then 'partially_refunded'
           else 'refunded'
       end as status,
       case
           when d.n <= :webhook then now() - d.r_when * interval '30 days'
           when d.n > :invoices - :mine then now() - (:invoices - d.n) * interval '40 days' - d.r_when * interval '10 days'
           else now() - d.r_when * interval '730 days'
       end as created_at
from drawn d
join bench_patients p on p.n = floor(d.r_patient * (select count(*) from bench_patients))::int;

create temp table bench_lines on commit drop as
select i.id as invoice_id, k as position, s.id as service_id, s.name_en, s.name_fr,
       case when (i.n + k) % 7 = 0 then 2 else 1 end as quantity, s.unit_price_cents, s.tax_rate_bp
from bench_invoices i
cross join lateral generate_series(1, i.line_count) k
join bench_services s on s.n = (i.n * 3 + k * 5) % (select count(*) from bench_services);

create temp table bench_totals on commit drop as
select invoice_id, sum(quantity * unit_price_cents)::bigint as subtotal,
       sum(round(quantity * unit_price_cents * tax_rate_bp / 10000.0))::bigint as tax
from bench_lines group by invoice_id;

insert into billing.invoices
    (id, clinic_id, patient_id, number, status, currency, subtotal_cents, tax_cents, total_cents, refunded_cents, note,
     created_by, created_at, issued_at, paid_at, voided_at, payment_intent)
select i.id, :'clinic_id', i.patient_id,
       case when i.status = 'draft' or (i.status = 'void' and i.n % 2 = 0) then null
            else row_number() over (partition by (i.status = 'draft' or (i.status = 'void' and i.n % 2 = 0)) order by i.created_at, i.id) end,
       i.status, 'cad', t.subtotal, t.tax, t.subtotal + t.tax,
       case i.status when 'refunded' then t.subtotal + t.tax when 'partially_refunded' then (t.subtotal + t.tax) / 2 else 0 end,
       case when i.n % 10 = 0 then 'Form completed at the patient''s request.' end,
       :'staff_id', i.created_at,
       case when i.status = 'draft' or (i.status = 'void' and i.n % 2 = 0) then null else i.created_at + interval '5 minutes' end,
       case when i.status in ('paid', 'partially_refunded', 'refunded') then i.created_at + interval '2 days' end,
       case when i.status = 'void' then i.created_at + interval '1 day' end,
       case when i.status in ('paid', 'partially_refunded', 'refunded') then 'pi_bench_' || i.n end
from bench_invoices i
join bench_totals t on t.invoice_id = i.id;

insert into billing.invoice_lines
    (invoice_id, position, service_id, description_en, description_fr, quantity, unit_price_cents, tax_rate_bp, tax_cents, total_cents)
select l.invoice_id, l.position, l.service_id, l.name_en, l.name_fr, l.quantity, l.unit_price_cents, l.tax_rate_bp,
       round(l.quantity * l.unit_price_cents * l.tax_rate_bp / 10000.0)::bigint,
       l.quantity * l.unit_price_cents + round(l.quantity * l.unit_price_cents * l.tax_rate_bp / 10000.0)::bigint
from bench_lines l;

insert into billing.invoice_counters (clinic_id, last_number)
select :'clinic_id', coalesce(max(number), 0) from billing.invoices where clinic_id = :'clinic_id'
on conflict (clinic_id) do update set last_number = excluded.last_number;

-- The webhook part's sessions, opened just now (the reconciliation job leaves sessions younger than five minutes alone).
insert into billing.checkout_sessions
    (id, clinic_id, invoice_id, attempt, status, payment_status, amount_cents, currency, url, payment_intent, expires_at, created_at, updated_at)
select 'cs_bench_' || i.n, :'clinic_id', i.id, 1, 'open', 'unpaid', t.subtotal + t.tax, 'cad', null, null,
       now() + interval '1 day', now(), now()
from bench_invoices i
join bench_totals t on t.invoice_id = i.id
where i.n <= :webhook;

commit;
