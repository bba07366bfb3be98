-- A confirm or cancel arrives with the link code only, yet its webhook body carries the session token. The token is
-- kept encrypted with a key derived from the link code (AES-256-GCM): the row alone does not reveal it, nor does the
-- link code alone.
alter table auth_sessions add column token_sealed bytea;
