-- Developers own projects; projects own sign-in sessions.

create table developers (
    id            varchar(40)  primary key,
    email         varchar(254) not null,
    password_hash varchar(100) not null,
    created_at    timestamptz  not null
);
create unique index developers_email_uq on developers (lower(email));

create table projects (
    id              varchar(40)  primary key,
    developer_id    varchar(40)  references developers (id) on delete cascade,
    name            varchar(100) not null,
    -- The raw key is needed to sign proofs and webhooks; the hash is what secret-key requests are looked up by.
    secret_key      varchar(64)  not null,
    secret_key_hash bytea        not null,
    webhook_url     varchar(2048),
    is_active       boolean      not null default true,
    public_access   boolean      not null default true,
    req_phone       boolean      not null default false,
    sandbox         boolean      not null default false,
    allowed_origins text[]       not null default '{}',
    created_at      timestamptz  not null
);
create unique index projects_secret_key_hash_uq on projects (secret_key_hash);
create index projects_developer_created_idx on projects (developer_id, created_at desc);

create table auth_sessions (
    id                uuid         primary key,
    -- SHA-256 of the session token; the token itself is never stored.
    token_hash        bytea        not null,
    token_preview     varchar(16)  not null,
    project_id        varchar(40)  not null references projects (id) on delete cascade,
    status            varchar(16)  not null
        check (status in ('pending', 'confirmed', 'cancelled', 'used')),
    created_at        timestamptz  not null,
    expires_at        timestamptz  not null,
    confirmed_at      timestamptz,
    cancelled_at      timestamptz,
    used_at           timestamptz,
    telegram_id       varchar(32),
    telegram_name     varchar(256),
    telegram_username varchar(64),
    telegram_phone    varchar(32),
    -- The Telegram user who opened the deeplink first; only they may confirm or cancel.
    bound_telegram_id bigint,
    origin            varchar(255),
    client_ip         varchar(45),
    user_agent        varchar(512)
);
create unique index auth_sessions_token_hash_uq on auth_sessions (token_hash);
create index auth_sessions_project_created_idx on auth_sessions (project_id, created_at desc, id desc);
