-- Bills just paid whose receipt is still to be made: the payment's transaction (a webhook, the reconciliation) adds the row,
-- and the billing.receipts job makes the receipt (the PDF in the chart, the email) and deletes the row in one transaction.
create table billing.receipts_due (
    invoice_id  uuid        primary key references billing.invoices (id),
    clinic_id   uuid        not null,
    due_at      timestamptz not null
);

create index receipts_due_by_time on billing.receipts_due (due_at);
