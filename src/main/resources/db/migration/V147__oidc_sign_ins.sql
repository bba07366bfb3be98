-- One OpenID Connect sign-in page: the Bondify session it created, the client and the exact authorization
-- request it belongs to (SHA-256 of its parameters), and the single-use ticket that lets that request
-- continue once the user confirmed. Goes with its session.
create table oidc_sign_ins (
    session_id        uuid        not null primary key references auth_sessions (id) on delete cascade,
    token_hash        bytea       not null unique,
    client_id         varchar(64) not null,
    request_hash      bytea       not null,
    ticket_hash       bytea       unique,
    ticket_expires_at timestamptz,
    consumed_at       timestamptz,
    created_at        timestamptz not null
);
