-- One file an email carries (a calendar invitation, say), encrypted like the template data and erased with it once sent.
alter table notifications.outbox
    add column attachment_protected text,
    add constraint outbox_attachment_by_email check (attachment_protected is null or channel = 'email');
