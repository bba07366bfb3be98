-- The expired-sessions gauge and the analytics funnel look for pending sessions past expires_at and confirmed
-- sessions past confirmed_at + proof TTL; partial indexes keep those counts off a full scan as the table grows.
create index auth_sessions_pending_expires_idx on auth_sessions (expires_at) where status = 'pending';
create index auth_sessions_confirmed_at_idx on auth_sessions (confirmed_at) where status = 'confirmed';
