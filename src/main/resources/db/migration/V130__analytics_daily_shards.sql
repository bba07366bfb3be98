-- Numbered after the released migrations (V120) and V121: Flyway refuses one older than the newest applied, and this
-- one replaces V121's analytics_session_updated (keeping its rule for confirmed → used).
--
-- Spreads each (project, day) counter of analytics_daily over up to 16 rows. Every generate of a project updated the
-- one row of its day through the insert trigger and held that row lock until its commit, so all generates of a
-- project ran one after the other (measured under load: most of the pool waiting on a transactionid lock in
-- "insert into auth_sessions"). Each connection now writes the shard of its backend pid, so concurrent connections
-- write different rows.
--
-- A (project, day) figure is the SUM over its shards; one shard alone means nothing (it can even be negative: a
-- confirm counts in the confirming connection's shard, not in the one that counted the insert). Every reader sums:
-- group by project_id, day (or coarser), never read a row by its key.
alter table analytics_daily add column shard smallint not null default 0;
alter table analytics_daily drop constraint analytics_daily_pkey;
alter table analytics_daily add primary key (project_id, day, shard);

create or replace function analytics_shard() returns smallint language sql volatile as $$
    select (pg_backend_pid() % 16)::smallint
$$;

create or replace function analytics_sessions_inserted() returns trigger language plpgsql as $$
begin
    insert into analytics_daily as a (project_id, day, shard, sessions, confirmed, used, cancelled)
    select project_id, (created_at at time zone 'UTC')::date, analytics_shard(), count(*),
           count(*) filter (where status in ('confirmed', 'used')),
           count(*) filter (where status = 'used'),
           count(*) filter (where status = 'cancelled')
    from new_rows group by 1, 2 order by 1, 2
    on conflict (project_id, day, shard) do update
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

create or replace function analytics_sessions_deleted() returns trigger language plpgsql as $$
begin
    -- The days' shard rows are locked first (in key order, so two deletes cannot deadlock): the sums below then see
    -- every committed change to them and none can change until this transaction ends. A shard row another
    -- transaction creates meanwhile is neither seen nor deleted, so what it counts stays counted.
    perform 1 from analytics_daily a
    where (a.project_id, a.day) in (select distinct project_id, (created_at at time zone 'UTC')::date from old_rows)
    order by a.project_id, a.day, a.shard
    for update;
    -- Only updates, never inserts: under a project delete the project's counters may already be gone. The lowest
    -- shard of the day takes the subtraction (the figure is the sum).
    update analytics_daily a
    set sessions = a.sessions - d.sessions, confirmed = a.confirmed - d.confirmed, used = a.used - d.used,
        cancelled = a.cancelled - d.cancelled
    from (select project_id, (created_at at time zone 'UTC')::date as day, count(*) as sessions,
                 count(*) filter (where status in ('confirmed', 'used')) as confirmed,
                 count(*) filter (where status = 'used') as used,
                 count(*) filter (where status = 'cancelled') as cancelled
          from old_rows group by 1, 2 order by 1, 2) d
    where a.project_id = d.project_id and a.day = d.day
      and a.shard = (select min(m.shard) from analytics_daily m where m.project_id = d.project_id and m.day = d.day);
    -- A day without sessions left loses all its shards (as the single row did).
    delete from analytics_daily a
    using (select r.project_id, r.day from analytics_daily r
           where (r.project_id, r.day) in (select distinct project_id, (created_at at time zone 'UTC')::date
                                           from old_rows)
           group by r.project_id, r.day having sum(r.sessions) <= 0) d
    where a.project_id = d.project_id and a.day = d.day;
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

-- A status change moves counts between columns of its day: one upsert of the differences into this connection's
-- shard (two when the session moved to another project or day, which no statement of the service does).
create or replace function analytics_session_updated() returns trigger language plpgsql as $$
declare
    old_day date := (old.created_at at time zone 'UTC')::date;
    new_day date := (new.created_at at time zone 'UTC')::date;
    old_confirmed int := (old.status in ('confirmed', 'used'))::int;
    new_confirmed int := (new.status in ('confirmed', 'used'))::int;
    old_used int := (old.status = 'used')::int;
    new_used int := (new.status = 'used')::int;
    old_cancelled int := (old.status = 'cancelled')::int;
    new_cancelled int := (new.status = 'cancelled')::int;
    same_user_row boolean := old_confirmed = 1 and new_confirmed = 1 and old.project_id = new.project_id
        and old_day = new_day and old.telegram_id is not distinct from new.telegram_id;
begin
    if old.project_id = new.project_id and old_day = new_day then
        if old_confirmed <> new_confirmed or old_used <> new_used or old_cancelled <> new_cancelled then
            insert into analytics_daily as a (project_id, day, shard, sessions, confirmed, used, cancelled)
            values (new.project_id, new_day, analytics_shard(), 0, new_confirmed - old_confirmed,
                    new_used - old_used, new_cancelled - old_cancelled)
            on conflict (project_id, day, shard) do update
                set confirmed = a.confirmed + excluded.confirmed, used = a.used + excluded.used,
                    cancelled = a.cancelled + excluded.cancelled;
        end if;
    else
        insert into analytics_daily as a (project_id, day, shard, sessions, confirmed, used, cancelled)
        values (old.project_id, old_day, analytics_shard(), -1, -old_confirmed, -old_used, -old_cancelled)
        on conflict (project_id, day, shard) do update
            set sessions = a.sessions - 1, confirmed = a.confirmed + excluded.confirmed,
                used = a.used + excluded.used, cancelled = a.cancelled + excluded.cancelled;
        insert into analytics_daily as a (project_id, day, shard, sessions, confirmed, used, cancelled)
        values (new.project_id, new_day, analytics_shard(), 1, new_confirmed, new_used, new_cancelled)
        on conflict (project_id, day, shard) do update
            set sessions = a.sessions + 1, confirmed = a.confirmed + excluded.confirmed,
                used = a.used + excluded.used, cancelled = a.cancelled + excluded.cancelled;
    end if;
    -- confirmed → used keeps the session's (project, day, user) row (V121).
    if same_user_row then
        return null;
    end if;
    if old_confirmed = 1 and old.telegram_id is not null then
        update analytics_daily_users set sessions = sessions - 1
        where project_id = old.project_id and day = old_day and telegram_id = old.telegram_id;
        delete from analytics_daily_users
        where project_id = old.project_id and day = old_day and telegram_id = old.telegram_id and sessions <= 0;
    end if;
    if new_confirmed = 1 and new.telegram_id is not null then
        insert into analytics_daily_users as u (project_id, day, telegram_id, sessions)
        values (new.project_id, new_day, new.telegram_id, 1)
        on conflict (project_id, day, telegram_id) do update set sessions = u.sessions + 1;
    end if;
    return null;
end $$;
