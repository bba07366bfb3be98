-- Periodic jobs (session retention, the expired-sessions gauge) run on one instance per period, not on every one:
-- an instance runs a job only if it moves last_run_at forward, in one conditional upsert, so two instances cannot
-- both win a period and a killed instance holds nothing (the next period is free for anyone). `result` carries a
-- job's figure to the instances that did not run it.
create table periodic_jobs (
    name        varchar(64) primary key,
    last_run_at timestamptz not null,
    result      bigint
);
