-- Secrets the service generates for itself when none is configured (e.g. the developer-token signing key),
-- stored once so every instance and every restart uses the same value.
create table app_secrets (
    name       varchar(64) primary key,
    value      bytea       not null,
    created_at timestamptz not null
);
