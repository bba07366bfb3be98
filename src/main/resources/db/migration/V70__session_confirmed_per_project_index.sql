-- GET /api/v1/dev/me counts distinct Telegram ids confirmed this month across a developer's projects: a range scan per
-- project on confirmed_at that carries telegram_id, so the count never reads the table (confirmed and used alike).
create index auth_sessions_project_confirmed_idx on auth_sessions (project_id, confirmed_at) include (telegram_id)
    where confirmed_at is not null;
