-- Telegram data turned into a session by POST /api/v1/exchange (api.md section 11): Mini App initData, Login Widget
-- fields, Telegram OpenID Connect id_tokens. Each datum signs a user in once, on any instance: its canonical form's
-- SHA-256 is inserted with "on conflict do nothing" in the transaction that creates the session, so of two concurrent
-- exchanges of one datum exactly one commits a session. A row is kept until the datum is too old to be accepted
-- anyway, then deleted.
create table exchange_used_data (
    data_hash  bytea       primary key,
    expires_at timestamptz not null
);
create index exchange_used_data_expires_idx on exchange_used_data (expires_at);
