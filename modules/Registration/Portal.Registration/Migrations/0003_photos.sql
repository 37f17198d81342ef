-- Photos a patient sends in answer to an upload request (M4): each keeps a small JPEG beside it, is
-- flagged for review at the visit, and names the request it answers (Messaging's, so no foreign key).
alter table registration.documents
    add column thumbnail_key        text unique,
    add column for_review_at_visit  boolean not null default false,
    add column upload_request_id    uuid;

create index documents_of_upload_request on registration.documents (clinic_id, upload_request_id) where upload_request_id is not null;
