-- Telegram update ids already handled, so a redelivered update (webhook retry, a second instance, a polling restart)
-- is processed once. Rows are deleted after a retention longer than Telegram keeps undelivered updates (24 h).
create table telegram_updates (
    bot_id      bigint      not null,
    update_id   bigint      not null,
    received_at timestamptz not null,
    primary key (bot_id, update_id)
);
create index telegram_updates_received_idx on telegram_updates (received_at);
