-- How many tokens the last check took from the bucket: an instance that takes several ahead (busy buckets) reads the
-- count from the row it wrote, not from its own snapshot, which may be older than the row version it updated.
alter table rate_limit_buckets add column taken integer not null default 1;
