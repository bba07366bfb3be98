-- The developer session list filters by effective status (SessionExpiry). At 10M rows a filter on the computed
-- status walked a project's whole created_at index (3.4M rows removed per worker, 503 after 5 s). Each filter is
-- now a condition one of these partial indexes answers by itself:
--   pending   → status = 'pending' and expires_at > now: a range at the end of the live-pending index;
--   confirmed → status = 'confirmed' and confirmed_at > now - proof TTL: likewise;
--   expired   → newest first among the stored pending/confirmed rows, skipping the few live ones;
--   cancelled, used → newest first in their own index.
-- Not built CONCURRENTLY: Flyway's transactional migration lock keeps a transaction open that such a build waits for
-- forever. At 10M rows the build holds writes for tens of seconds: upgrade a large deployment in a quiet moment.
create index auth_sessions_project_live_pending_idx
    on auth_sessions (project_id, expires_at) where status = 'pending';
create index auth_sessions_project_live_confirmed_idx
    on auth_sessions (project_id, confirmed_at) where status = 'confirmed';
create index auth_sessions_project_unfinished_idx
    on auth_sessions (project_id, created_at desc, id desc) where status in ('pending', 'confirmed');
create index auth_sessions_project_cancelled_idx
    on auth_sessions (project_id, created_at desc, id desc) where status = 'cancelled';
create index auth_sessions_project_used_idx
    on auth_sessions (project_id, created_at desc, id desc) where status = 'used';
