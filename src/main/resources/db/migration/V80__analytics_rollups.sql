-- Analytics read per-project, per-UTC-day counters instead of aggregating auth_sessions (11 s for 90 days at 2M
-- sessions). The counters are kept by triggers on auth_sessions, so they are settled by the database in the same
-- transaction as the change, whichever statement (generate, bot, sandbox, retention, project delete) made it and
-- whichever instance ran it, and they survive a crash with the row they count.
--
-- analytics_daily: sessions created that day and how many of them are now confirmed (confirmed or used), used
-- and cancelled. Pending = sessions - confirmed - cancelled; which of those are expired is derived at read time
-- from the few pending sessions still inside their TTL (partial index auth_sessions_pending_expires_idx).
create table analytics_daily (
    project_id varchar(40) not null references projects (id) on delete cascade,
    day        date        not null,
    sessions   bigint      not null default 0,
    confirmed  bigint      not null default 0,
    used       bigint      not null default 0,
    cancelled  bigint      not null default 0,
    primary key (project_id, day)
);

-- analytics_daily_users: which Telegram ids confirmed a session of the project that day, with how many sessions,
-- so unique_users stays exact (a count of distinct ids over the window) and a deleted session removes its id
-- only when it was the last one.
create table analytics_daily_users (
    project_id  varchar(40) not null references projects (id) on delete cascade,
    day         date        not null,
    telegram_id varchar(32) not null,
    sessions    bigint      not null,
    primary key (project_id, day, telegram_id)
);

create function analytics_sessions_inserted() returns trigger language plpgsql as $$
begin
    insert into analytics_daily as a (project_id, day, sessions, confirmed, used, cancelled)
    select project_id, (created_at at time zone 'UTC')::date, count(*),
           count(*) filter (where status in ('confirmed', 'used')),
           count(*) filter (where status = 'used'),
           count(*) filter (where status = 'cancelled')
    from new_rows group by 1, 2 order by 1, 2
    on conflict (project_id, day) do update
        set sessions = a.sessions + excluded.sessions, confirmed = a.confirmed + excluded.confirmed,
            used = a.used + excluded.used, cancelled = a.cancelled + excluded.cancelled;
    -- A new session is pending: the users table is not even opened on the generate path.
    if exists (select 1 from new_rows where status in ('confirmed', 'used') and telegram_id is not null) then
        insert into analytics_daily_users as u (project_id, day, telegram_id, sessions)
        select project_id, (created_at at time zone 'UTC')::date, telegram_id, count(*)
        from new_rows where status in ('confirmed', 'used') and telegram_id is not null
        group by 1, 2, 3 order by 1, 2, 3
        on conflict (project_id, day, telegram_id) do update set sessions = u.sessions + excluded.sessions;
    end if;
    return null;
end $$;

create function analytics_sessions_deleted() returns trigger language plpgsql as $$
begin
    -- Only updates, never inserts: under a project delete the project's counters may already be gone.
    update analytics_daily a
    set sessions = a.sessions - d.sessions, confirmed = a.confirmed - d.confirmed, used = a.used - d.used,
        cancelled = a.cancelled - d.cancelled
    from (select project_id, (created_at at time zone 'UTC')::date as day, count(*) as sessions,
                 count(*) filter (where status in ('confirmed', 'used')) as confirmed,
                 count(*) filter (where status = 'used') as used,
                 count(*) filter (where status = 'cancelled') as cancelled
          from old_rows group by 1, 2 order by 1, 2) d
    where a.project_id = d.project_id and a.day = d.day;
    delete from analytics_daily a using (select distinct project_id, (created_at at time zone 'UTC')::date as day
                                         from old_rows) d
    where a.project_id = d.project_id and a.day = d.day and a.sessions <= 0;
    update analytics_daily_users u
    set sessions = u.sessions - d.sessions
    from (select project_id, (created_at at time zone 'UTC')::date as day, telegram_id, count(*) as sessions
          from old_rows where status in ('confirmed', 'used') and telegram_id is not null
          group by 1, 2, 3 order by 1, 2, 3) d
    where u.project_id = d.project_id and u.day = d.day and u.telegram_id = d.telegram_id;
    delete from analytics_daily_users u
    using (select distinct project_id, (created_at at time zone 'UTC')::date as day, telegram_id
           from old_rows where status in ('confirmed', 'used') and telegram_id is not null) d
    where u.project_id = d.project_id and u.day = d.day and u.telegram_id = d.telegram_id and u.sessions <= 0;
    return null;
end $$;

-- Updates come one row at a time (conditional UPDATE … WHERE status = …); a row trigger with a WHEN clause costs
-- nothing for the updates that change none of the counted columns.
create function analytics_session_updated() returns trigger language plpgsql as $$
declare
    old_day date := (old.created_at at time zone 'UTC')::date;
    new_day date := (new.created_at at time zone 'UTC')::date;
    old_confirmed boolean := old.status in ('confirmed', 'used');
    new_confirmed boolean := new.status in ('confirmed', 'used');
begin
    update analytics_daily
    set sessions = sessions - 1, confirmed = confirmed - old_confirmed::int,
        used = used - (old.status = 'used')::int, cancelled = cancelled - (old.status = 'cancelled')::int
    where project_id = old.project_id and day = old_day;
    insert into analytics_daily as a (project_id, day, sessions, confirmed, used, cancelled)
    values (new.project_id, new_day, 1, new_confirmed::int, (new.status = 'used')::int,
            (new.status = 'cancelled')::int)
    on conflict (project_id, day) do update
        set sessions = a.sessions + 1, confirmed = a.confirmed + excluded.confirmed, used = a.used + excluded.used,
            cancelled = a.cancelled + excluded.cancelled;
    if old_confirmed and old.telegram_id is not null then
        update analytics_daily_users set sessions = sessions - 1
        where project_id = old.project_id and day = old_day and telegram_id = old.telegram_id;
        delete from analytics_daily_users
        where project_id = old.project_id and day = old_day and telegram_id = old.telegram_id and sessions <= 0;
    end if;
    if new_confirmed and new.telegram_id is not null then
        insert into analytics_daily_users as u (project_id, day, telegram_id, sessions)
        values (new.project_id, new_day, new.telegram_id, 1)
        on conflict (project_id, day, telegram_id) do update set sessions = u.sessions + 1;
    end if;
    return null;
end $$;

-- Triggers first: creating them locks auth_sessions against writes until this migration commits, so the backfill
-- below sees every row and no concurrent insert is counted twice or missed.
create trigger auth_sessions_analytics_insert after insert on auth_sessions
    referencing new table as new_rows for each statement execute function analytics_sessions_inserted();
create trigger auth_sessions_analytics_delete after delete on auth_sessions
    referencing old table as old_rows for each statement execute function analytics_sessions_deleted();
create trigger auth_sessions_analytics_update after update of status, telegram_id, project_id, created_at
    on auth_sessions for each row
    when (old.status is distinct from new.status or old.telegram_id is distinct from new.telegram_id
          or old.project_id is distinct from new.project_id or old.created_at is distinct from new.created_at)
    execute function analytics_session_updated();

insert into analytics_daily (project_id, day, sessions, confirmed, used, cancelled)
select project_id, (created_at at time zone 'UTC')::date, count(*),
       count(*) filter (where status in ('confirmed', 'used')),
       count(*) filter (where status = 'used'),
       count(*) filter (where status = 'cancelled')
from auth_sessions group by 1, 2;
insert into analytics_daily_users (project_id, day, telegram_id, sessions)
select project_id, (created_at at time zone 'UTC')::date, telegram_id, count(*)
from auth_sessions where status in ('confirmed', 'used') and telegram_id is not null
group by 1, 2, 3;
