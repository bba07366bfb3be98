-- The deeplink, QR code, bot /start payload, callback data and sandbox URL carry a separate random link code instead
-- of the session token (the poll secret). Only its SHA-256 is stored; sessions created before this column have none,
-- so their old token-based deeplinks stop working (in-flight sign-ins at upgrade time must restart).
alter table auth_sessions add column link_code_hash bytea;
create unique index auth_sessions_link_code_hash_uq on auth_sessions (link_code_hash);
