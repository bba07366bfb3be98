-- Rollups without row waits (issue 25). V130 spread a (project, day) counter over 16 shards chosen by backend pid, but
-- 40 pooled connections share 16 shards and analytics_daily_unique / analytics_developer_daily_unique kept one row
-- per (project or developer, day): under load, confirms and generates of one project queued on one another's rollup
-- row (102 lock waits over 200 ms in the contention run). Now every change appends a delta row under a key of its own
-- (a sequence value: no two transactions ever write the same row), and a background job (AnalyticsFolds) folds the
-- deltas into the key's shard-0 row in batches, FOR UPDATE SKIP LOCKED, so folders on several instances never wait
-- for one another either.
--
-- Readers already sum over shards (group by project_id, day): the folded row plus the deltas not yet folded is the
-- exact figure at every moment. A delta is a row, committed or rolled back with the change it counts.
create sequence analytics_delta_seq as bigint start 1000 cache 32;

alter table analytics_daily alter column shard type bigint;
create index analytics_daily_deltas_idx on analytics_daily (shard) where shard <> 0;

alter table analytics_daily_unique add column shard bigint not null default 0;
alter table analytics_daily_unique drop constraint analytics_daily_unique_pkey;
alter table analytics_daily_unique add primary key (project_id, day, shard);
create index analytics_daily_unique_deltas_idx on analytics_daily_unique (shard) where shard <> 0;

alter table analytics_developer_daily_unique add column shard bigint not null default 0;
alter table analytics_developer_daily_unique drop constraint analytics_developer_daily_unique_pkey;
alter table analytics_developer_daily_unique add primary key (developer_id, day, shard);
create index analytics_developer_daily_unique_deltas_idx on analytics_developer_daily_unique (shard)
    where shard <> 0;

-- A fresh key for each delta row (shard 0 is the folded row). The insert paths keep V130's ON CONFLICT … DO UPDATE,
-- which only matters if the sequence were ever set back (a restore): then a delta adds to an older one.
drop function analytics_shard();
create function analytics_shard() returns bigint language sql volatile as $$
    select nextval('analytics_delta_seq')
$$;

-- Sessions deleted (retention, a test): a negative delta per (project, day), no row locked. A deleted project's
-- counters went with it (foreign key cascade), so its sessions — removed by the purge with this trigger off, or by
-- retention before the purge reaches them — add no delta.
create or replace function analytics_sessions_deleted() returns trigger language plpgsql as $$
begin
    insert into analytics_daily as a (project_id, day, shard, sessions, confirmed, used, cancelled)
    select d.project_id, d.day, analytics_shard(), -d.sessions, -d.confirmed, -d.used, -d.cancelled
    from (select project_id, (created_at at time zone 'UTC')::date as day, count(*) as sessions,
                 count(*) filter (where status in ('confirmed', 'used')) as confirmed,
                 count(*) filter (where status = 'used') as used,
                 count(*) filter (where status = 'cancelled') as cancelled
          from old_rows group by 1, 2) d
    where exists (select 1 from projects p where p.id = d.project_id)
    order by 1, 2
    on conflict (project_id, day, shard) do update
        set sessions = a.sessions + excluded.sessions, confirmed = a.confirmed + excluded.confirmed,
            used = a.used + excluded.used, cancelled = a.cancelled + excluded.cancelled;
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

-- The per-user rows (one per project, day and Telegram id) are written only by changes of that user's sessions, so
-- they stay upserts; the per-day unique counts, which every confirm of the project (or developer) touched, become
-- deltas. The last-day bookkeeping is V121's, unchanged.
create or replace function analytics_daily_users_added() returns trigger language plpgsql as $$
begin
    insert into analytics_daily_unique as c (project_id, day, shard, users)
    select project_id, day, analytics_shard(), count(*) from added group by 1, 2 order by 1, 2
    on conflict (project_id, day, shard) do update set users = c.users + excluded.users;
    insert into analytics_user_last_day as l (project_id, telegram_id, last_day)
    select project_id, telegram_id, max(day) from added group by 1, 2 order by 1, 2
    on conflict (project_id, telegram_id) do update set last_day = greatest(l.last_day, excluded.last_day);
    insert into analytics_developer_daily_users as d (developer_id, day, telegram_id, projects)
    select developer_id, day, telegram_id, count(*) from added where developer_id is not null
    group by 1, 2, 3 order by 1, 2, 3
    on conflict (developer_id, day, telegram_id) do update set projects = d.projects + excluded.projects;
    return null;
end $$;

create or replace function analytics_daily_users_removed() returns trigger language plpgsql as $$
begin
    insert into analytics_daily_unique as c (project_id, day, shard, users)
    select r.project_id, r.day, analytics_shard(), -r.users
    from (select project_id, day, count(*) as users from removed group by 1, 2) r
    where exists (select 1 from projects p where p.id = r.project_id)
    order by 1, 2
    on conflict (project_id, day, shard) do update set users = c.users + excluded.users;
    perform 1 from analytics_user_last_day l
    where (l.project_id, l.telegram_id) in (select distinct project_id, telegram_id from removed)
    order by l.project_id, l.telegram_id for update;
    delete from analytics_user_last_day l using (select distinct project_id, telegram_id from removed) r
    where l.project_id = r.project_id and l.telegram_id = r.telegram_id
      and not exists (select 1 from analytics_daily_users u
                      where u.project_id = l.project_id and u.telegram_id = l.telegram_id);
    update analytics_user_last_day l
    set last_day = (select max(u.day) from analytics_daily_users u
                    where u.project_id = l.project_id and u.telegram_id = l.telegram_id)
    from (select project_id, telegram_id, max(day) as day from removed group by 1, 2 order by 1, 2) r
    where l.project_id = r.project_id and l.telegram_id = r.telegram_id and l.last_day = r.day;
    update analytics_developer_daily_users d set projects = d.projects - r.projects
    from (select developer_id, day, telegram_id, count(*) as projects from removed where developer_id is not null
          group by 1, 2, 3 order by 1, 2, 3) r
    where d.developer_id = r.developer_id and d.day = r.day and d.telegram_id = r.telegram_id;
    delete from analytics_developer_daily_users d
    using (select distinct developer_id, day, telegram_id from removed where developer_id is not null) r
    where d.developer_id = r.developer_id and d.day = r.day and d.telegram_id = r.telegram_id and d.projects <= 0;
    return null;
end $$;

create or replace function analytics_developer_daily_users_added() returns trigger language plpgsql as $$
begin
    insert into analytics_developer_daily_unique as c (developer_id, day, shard, users)
    select developer_id, day, analytics_shard(), count(*) from added group by 1, 2 order by 1, 2
    on conflict (developer_id, day, shard) do update set users = c.users + excluded.users;
    insert into analytics_developer_user_last_day as l (developer_id, telegram_id, last_day)
    select developer_id, telegram_id, max(day) from added group by 1, 2 order by 1, 2
    on conflict (developer_id, telegram_id) do update set last_day = greatest(l.last_day, excluded.last_day);
    return null;
end $$;

create or replace function analytics_developer_daily_users_removed() returns trigger language plpgsql as $$
begin
    insert into analytics_developer_daily_unique as c (developer_id, day, shard, users)
    select r.developer_id, r.day, analytics_shard(), -r.users
    from (select developer_id, day, count(*) as users from removed group by 1, 2) r
    where exists (select 1 from developers d where d.id = r.developer_id)
    order by 1, 2
    on conflict (developer_id, day, shard) do update set users = c.users + excluded.users;
    perform 1 from analytics_developer_user_last_day l
    where (l.developer_id, l.telegram_id) in (select distinct developer_id, telegram_id from removed)
    order by l.developer_id, l.telegram_id for update;
    delete from analytics_developer_user_last_day l using (select distinct developer_id, telegram_id from removed) r
    where l.developer_id = r.developer_id and l.telegram_id = r.telegram_id
      and not exists (select 1 from analytics_developer_daily_users u
                      where u.developer_id = l.developer_id and u.telegram_id = l.telegram_id);
    update analytics_developer_user_last_day l
    set last_day = (select max(u.day) from analytics_developer_daily_users u
                    where u.developer_id = l.developer_id and u.telegram_id = l.telegram_id)
    from (select developer_id, telegram_id, max(day) as day from removed group by 1, 2 order by 1, 2) r
    where l.developer_id = r.developer_id and l.telegram_id = r.telegram_id and l.last_day = r.day;
    return null;
end $$;

-- Folds up to `batch` delta rows of each table into their keys' shard-0 rows and removes folded rows that sum to
-- nothing (a day whose sessions are all gone leaves no row, as before). Delta rows another folder holds are skipped;
-- the shard-0 upserts go in key order, so two folders cannot deadlock. Returns how many delta rows it folded.
create function analytics_fold(batch integer) returns integer language plpgsql as $$
declare
    folded integer;
    total integer := 0;
    zero_keys text[];
    zero_days date[];
begin
    with picked as (
        select project_id, day, shard from analytics_daily where shard <> 0
        order by shard limit batch for update skip locked
    ), gone as (
        delete from analytics_daily a using picked p
        where a.project_id = p.project_id and a.day = p.day and a.shard = p.shard
        returning a.project_id, a.day, a.sessions, a.confirmed, a.used, a.cancelled
    ), sums as (
        insert into analytics_daily as f (project_id, day, shard, sessions, confirmed, used, cancelled)
        select project_id, day, 0, sum(sessions), sum(confirmed), sum(used), sum(cancelled)
        from gone group by 1, 2 order by 1, 2
        on conflict (project_id, day, shard) do update
            set sessions = f.sessions + excluded.sessions, confirmed = f.confirmed + excluded.confirmed,
                used = f.used + excluded.used, cancelled = f.cancelled + excluded.cancelled
        returning f.project_id, f.day, f.sessions = 0 and f.confirmed = 0 and f.used = 0 and f.cancelled = 0 as zero
    )
    select (select count(*) from gone), s.keys, s.days into folded, zero_keys, zero_days
    from (select array_agg(project_id) filter (where zero) as keys, array_agg(day) filter (where zero) as days
          from sums) s;
    total := total + folded;
    if zero_keys is not null then
        delete from analytics_daily a using unnest(zero_keys, zero_days) as z (project_id, day)
        where a.project_id = z.project_id and a.day = z.day and a.shard = 0
          and a.sessions = 0 and a.confirmed = 0 and a.used = 0 and a.cancelled = 0;
    end if;

    with picked as (
        select project_id, day, shard from analytics_daily_unique where shard <> 0
        order by shard limit batch for update skip locked
    ), gone as (
        delete from analytics_daily_unique a using picked p
        where a.project_id = p.project_id and a.day = p.day and a.shard = p.shard
        returning a.project_id, a.day, a.users
    ), sums as (
        insert into analytics_daily_unique as f (project_id, day, shard, users)
        select project_id, day, 0, sum(users) from gone group by 1, 2 order by 1, 2
        on conflict (project_id, day, shard) do update set users = f.users + excluded.users
        returning f.project_id, f.day, f.users = 0 as zero
    )
    select (select count(*) from gone), s.keys, s.days into folded, zero_keys, zero_days
    from (select array_agg(project_id) filter (where zero) as keys, array_agg(day) filter (where zero) as days
          from sums) s;
    total := total + folded;
    if zero_keys is not null then
        delete from analytics_daily_unique a using unnest(zero_keys, zero_days) as z (project_id, day)
        where a.project_id = z.project_id and a.day = z.day and a.shard = 0 and a.users = 0;
    end if;

    with picked as (
        select developer_id, day, shard from analytics_developer_daily_unique where shard <> 0
        order by shard limit batch for update skip locked
    ), gone as (
        delete from analytics_developer_daily_unique a using picked p
        where a.developer_id = p.developer_id and a.day = p.day and a.shard = p.shard
        returning a.developer_id, a.day, a.users
    ), sums as (
        insert into analytics_developer_daily_unique as f (developer_id, day, shard, users)
        select developer_id, day, 0, sum(users) from gone group by 1, 2 order by 1, 2
        on conflict (developer_id, day, shard) do update set users = f.users + excluded.users
        returning f.developer_id, f.day, f.users = 0 as zero
    )
    select (select count(*) from gone), s.keys, s.days into folded, zero_keys, zero_days
    from (select array_agg(developer_id) filter (where zero) as keys, array_agg(day) filter (where zero) as days
          from sums) s;
    total := total + folded;
    if zero_keys is not null then
        delete from analytics_developer_daily_unique a using unnest(zero_keys, zero_days) as z (developer_id, day)
        where a.developer_id = z.developer_id and a.day = z.day and a.shard = 0 and a.users = 0;
    end if;
    return total;
end $$;

-- V130's shards 1–15 are deltas like any other: the first folds take them in.
select analytics_fold(1000000);
