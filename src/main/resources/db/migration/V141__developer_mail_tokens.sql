-- Single-use links sent by e-mail (address verification, password reset). Only the SHA-256 of the link's token is
-- kept; a link is used by one conditional update that sets used_at.
create table developer_mail_tokens (
    token_hash   bytea       primary key,
    developer_id varchar(40) not null references developers (id) on delete cascade,
    purpose      varchar(16) not null check (purpose in ('verify', 'reset')),
    created_at   timestamptz not null,
    expires_at   timestamptz not null,
    used_at      timestamptz
);
create index developer_mail_tokens_developer_idx on developer_mail_tokens (developer_id, purpose)
    where used_at is null;
