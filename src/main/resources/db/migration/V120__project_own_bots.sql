-- A project's own Telegram bot: its numeric id (routing and update dedup), its username (deeplinks), its token
-- encrypted with AES-GCM (never stored in clear) and its status (ok, revoked, webhook_failing). All null when the
-- project signs in through the deployment's bot.
alter table projects
    add column bot_id           bigint,
    add column bot_username     varchar(64),
    add column bot_token_sealed bytea,
    add column bot_status       varchar(16);
create index projects_bot_id_idx on projects (bot_id) where bot_id is not null;
