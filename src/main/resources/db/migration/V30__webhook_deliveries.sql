-- The webhook outbox: one row per event to send, written in the transaction of the state change it reports.
create table webhook_deliveries (
    id              uuid         primary key,
    project_id      varchar(40)  not null references projects (id) on delete cascade,
    event           varchar(32)  not null,
    -- The exact JSON bytes sent on every attempt, so retries are byte-identical.
    payload         text         not null,
    state           varchar(16)  not null check (state in ('pending', 'delivered', 'failed')),
    attempts        integer      not null default 0,
    next_attempt_at timestamptz  not null,
    -- A claim by one instance: nobody else sends the row until the lease runs out.
    locked_until    timestamptz,
    lease_token     uuid,
    created_at      timestamptz  not null,
    finished_at     timestamptz
);
create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at) where state = 'pending';
create index webhook_deliveries_project_idx on webhook_deliveries (project_id);
create index webhook_deliveries_finished_idx on webhook_deliveries (finished_at) where state <> 'pending';

-- One row per HTTP attempt, for the developer's delivery log.
create table webhook_attempts (
    id           uuid         primary key,
    delivery_id  uuid         not null references webhook_deliveries (id) on delete cascade,
    project_id   varchar(40)  not null references projects (id) on delete cascade,
    attempt      integer      not null,
    http_status  integer,
    error        varchar(300),
    duration_ms  bigint       not null,
    attempted_at timestamptz  not null
);
create index webhook_attempts_project_idx on webhook_attempts (project_id, attempted_at desc, attempt desc);
create index webhook_attempts_delivery_idx on webhook_attempts (delivery_id);
