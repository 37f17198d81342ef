-- Request counters per limit and client address, shared by every host (checklist R7). One row per
-- key, reused window after window; rows whose window has ended are deleted now and then.
-- Unlogged: a crash forgives at most one window of requests, and no request waits for a WAL flush.
create unlogged table platform.rate_limit_counters (
    key          text        primary key,
    window_ends  timestamptz not null,
    hits         integer     not null
) with (fillfactor = 70);
