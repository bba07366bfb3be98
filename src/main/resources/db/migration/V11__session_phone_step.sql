-- For projects with req_phone=true the bot asks for the user's contact before showing the prompt. It remembers
-- when it asked (the shared contact goes to the latest such session of that user) and the session token sealed
-- with a key derived from the bot token (never stored in clear), so it can show the prompt's buttons afterwards.
alter table auth_sessions add column phone_requested_at timestamptz;
alter table auth_sessions add column bot_resume_token bytea;
create index auth_sessions_phone_step_idx on auth_sessions (bound_telegram_id, phone_requested_at desc)
    where phone_requested_at is not null;
