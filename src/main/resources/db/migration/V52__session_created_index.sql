-- The retention job deletes sessions by age across all projects.
create index auth_sessions_created_idx on auth_sessions (created_at);
