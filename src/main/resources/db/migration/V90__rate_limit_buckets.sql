-- Shared token buckets of the rate limiter, one row per key, in the GCRA form: the "theoretical arrival time" of the
-- next request in epoch microseconds. A bucket is full (and its row useless) once tat_us lies in the past.
-- Unlogged: no WAL on the hot path; after a crash PostgreSQL empties it, which only refills every bucket.
-- Only the primary key is indexed, so every check is a HOT update.
create unlogged table rate_limit_buckets (
    key    varchar(100) primary key,
    tat_us bigint       not null
);
