-- Uploaded files (chart documents, background images), kept in the database so that every host
-- serves every file and one backup holds them all. A file's content is split into chunks of
-- chunk_size bytes (the last may be shorter), written in the same transaction as its row.
create table platform.files (
    key          text        primary key check (key ~ '^[a-z0-9-]+(/[a-z0-9-]+)*/[0-9a-f]{32}$'),
    byte_length  bigint      not null check (byte_length >= 0),
    sha256       text        not null,
    chunk_size   integer     not null check (chunk_size > 0),
    created_at   timestamptz not null default now()
);

create table platform.file_chunks (
    file_key      text    not null references platform.files (key) on delete cascade,
    chunk_number  integer not null check (chunk_number >= 0),
    data          bytea   not null,
    primary key (file_key, chunk_number)
);

-- Photos, PDFs and videos are compressed already: store chunks out of line without trying again.
alter table platform.file_chunks alter column data set storage external;
