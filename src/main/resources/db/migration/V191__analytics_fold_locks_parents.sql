-- The analytics fold (V175) could deadlock with a project delete (issue 25). The fold locked its delta rows first
-- and the key's folded (shard 0) row after them; the delete's foreign-key cascade locks the project's rows in index
-- order, (project_id, day, shard): the folded row first, then the deltas. A fold that had taken a project's deltas
-- and a delete that had taken its folded row each waited for the other; PostgreSQL ended one of them after
-- deadlock_timeout, and when that was the delete, the developer's DELETE /api/v1/dev/projects/:id failed.
-- (AnalyticsFoldLocksIntegrationTest reproduces it against V175's function.)
--
-- Now the fold takes each delta row together with a KEY SHARE lock on its project (developer) row, SKIP LOCKED on
-- both. Every cascade starts by locking the parent row FOR UPDATE, which KEY SHARE blocks: a delete either already
-- holds the parent (the fold skips that project's deltas and never touches its rows) or waits for the fold to commit
-- before it locks any counter row. KEY SHARE conflicts with nothing else a request does (confirms and generates take
-- KEY SHARE for their own foreign keys, and updates that keep the key take FOR NO KEY UPDATE), so no request waits.
-- The session purge of a deleted project (SessionPurge) only inserts delta rows under fresh keys and never waits for
-- a fold either. AnalyticsFolds also gives the fold's transaction a lock_timeout and a statement_timeout.
--
-- Folds up to `batch` delta rows of each table into their keys' shard-0 rows and removes folded rows that sum to
-- nothing (a day whose sessions are all gone leaves no row, as before). Delta rows another folder holds are skipped;
-- the shard-0 upserts go in key order, so two folders cannot deadlock. Returns how many delta rows it folded.
create or replace function analytics_fold(batch integer) returns integer language plpgsql as $$
declare
    folded integer;
    total integer := 0;
    zero_keys text[];
    zero_days date[];
begin
    with picked as (
        select a.project_id, a.day, a.shard from analytics_daily a join projects p on p.id = a.project_id
        where a.shard <> 0
        order by a.shard limit batch for update of a skip locked for key share of p skip locked
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
        select a.project_id, a.day, a.shard from analytics_daily_unique a join projects p on p.id = a.project_id
        where a.shard <> 0
        order by a.shard limit batch for update of a skip locked for key share of p skip locked
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
        select a.developer_id, a.day, a.shard from analytics_developer_daily_unique a
        join developers d on d.id = a.developer_id
        where a.shard <> 0
        order by a.shard limit batch for update of a skip locked for key share of d skip locked
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
