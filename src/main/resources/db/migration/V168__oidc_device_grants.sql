-- Issue 22. A session may ask for the contact by itself (the OpenID Connect `phone` scope), not only through its
-- project's req_phone: the bot's confirm path reads `req_phone or request_phone`. A constant default adds the column
-- without rewriting the table.
alter table auth_sessions add column request_phone boolean not null default false;

-- The user codes of device authorization grants (RFC 8628) the bot accepts as a typed message. Only the SHA-256 of
-- the normalised code is stored, and the session's link code is kept sealed under the code itself (AES-GCM), so a
-- dump neither shows a code nor lets anyone open the session's prompt.
create table session_user_codes (
    user_code_hash   bytea       not null primary key,
    session_id       uuid        not null references auth_sessions (id) on delete cascade,
    link_code_sealed bytea       not null,
    expires_at       timestamptz not null
);
create index session_user_codes_session_idx on session_user_codes (session_id);

-- One row per device authorization: which session answers it, how fast its client may poll (slow_down is settled
-- here, so every instance agrees), and whether its device code was redeemed (once, by a conditional UPDATE). The
-- device code is stored only as its SHA-256; the session's poll secret is sealed under the device code, which only
-- the client holds.
create table oidc_device_grants (
    device_code_hash     bytea        not null primary key,
    client_id            varchar(64)  not null,
    session_id           uuid         not null references auth_sessions (id) on delete cascade,
    session_token_sealed bytea        not null,
    interval_seconds     integer      not null,
    polled_at            timestamptz  default null,
    redeemed_at          timestamptz  default null,
    expires_at           timestamptz  not null
);
create index oidc_device_grants_session_idx on oidc_device_grants (session_id);
create index oidc_device_grants_expires_idx on oidc_device_grants (expires_at);
