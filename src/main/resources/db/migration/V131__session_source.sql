-- How a session's Telegram identity was obtained: 'deeplink' (the bot or the sandbox page, the flow every
-- session used so far), 'oidc' and 'oidc_device' (the OpenID Connect provider, api.md section 10), 'webapp',
-- 'widget' and 'telegram_oidc' (the exchange endpoint, section 11). A constant default adds the column without
-- rewriting the table.
alter table auth_sessions add column source varchar(16) not null default 'deeplink';
