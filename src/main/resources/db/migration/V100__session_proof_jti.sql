-- The jti of the one proof a session delivered: polls inside the delivery grace window re-sign the same claims
-- (iat is used_at), so they all receive the identical proof without the proof itself being stored.
alter table auth_sessions add column proof_jti varchar(64);
