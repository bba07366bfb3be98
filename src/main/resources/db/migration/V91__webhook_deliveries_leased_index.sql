-- Each claim counts the deliveries in flight per project (held under a lease); this keeps that count off the backlog.
create index webhook_deliveries_leased_idx on webhook_deliveries (project_id, locked_until)
    where state = 'pending' and locked_until is not null;
