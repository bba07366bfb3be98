-- unique_users stays exact, but analytics?days=90 no longer counts distinct ids over ~1.4M (day, user) rows at 2M
-- sessions (1.5 s). The counts are kept by triggers on analytics_daily_users (V80), whose rows exist exactly for the
-- (project, UTC day, Telegram id) triples with at least one confirmed or used session, and they are kept twice: per
-- project (a project's report) and per developer (the developer's report over all of their projects, where a user
-- who confirmed in two projects counts once):
--
-- analytics_daily_unique / analytics_developer_daily_unique: how many distinct users confirmed that day, the daily
-- series' unique_users.
-- analytics_user_last_day / analytics_developer_user_last_day: each user's last day with a confirmed session.
-- Every report window ends today, so the window's unique_users is the number of users whose last day is in the
-- window: an index range count. (When rows lie after today — only if the clock was set back — the report counts
-- distinct ids instead.)

-- The developer of the row's project, so that a project delete (whose cascade no longer sees the project) still
-- knows which developer's counts to take the row's user out of.
alter table analytics_daily_users add column developer_id varchar(40);
create index analytics_daily_users_user_idx on analytics_daily_users (project_id, telegram_id, day);

create table analytics_daily_unique (
    project_id varchar(40) not null references projects (id) on delete cascade,
    day        date        not null,
    users      bigint      not null,
    primary key (project_id, day)
);

create table analytics_user_last_day (
    project_id  varchar(40) not null references projects (id) on delete cascade,
    telegram_id varchar(32) not null,
    last_day    date        not null,
    primary key (project_id, telegram_id)
);
create index analytics_user_last_day_idx on analytics_user_last_day (project_id, last_day);

-- projects: how many of the developer's projects the user confirmed a session in that day.
create table analytics_developer_daily_users (
    developer_id varchar(40) not null references developers (id) on delete cascade,
    day          date        not null,
    telegram_id  varchar(32) not null,
    projects     bigint      not null,
    primary key (developer_id, day, telegram_id)
);
create index analytics_developer_daily_users_user_idx
    on analytics_developer_daily_users (developer_id, telegram_id, day);

create table analytics_developer_daily_unique (
    developer_id varchar(40) not null references developers (id) on delete cascade,
    day          date        not null,
    users        bigint      not null,
    primary key (developer_id, day)
);

create table analytics_developer_user_last_day (
    developer_id varchar(40) not null references developers (id) on delete cascade,
    telegram_id  varchar(32) not null,
    last_day     date        not null,
    primary key (developer_id, telegram_id)
);
create index analytics_developer_user_last_day_idx on analytics_developer_user_last_day (developer_id, last_day);

create function analytics_daily_user_developer() returns trigger language plpgsql as $$
begin
    if new.developer_id is null then
        new.developer_id := (select developer_id from projects where id = new.project_id);
    end if;
    return new;
end $$;

-- Statement triggers with transition tables, like V80's: a bulk load or a retention batch is a few set statements,
-- not one round of statements per row. On delete paths only updates and deletes, never inserts: under a project or
-- developer delete the counts may already be gone with it.
create function analytics_daily_users_added() returns trigger language plpgsql as $$
begin
    insert into analytics_daily_unique as c (project_id, day, users)
    select project_id, day, count(*) from added group by 1, 2 order by 1, 2
    on conflict (project_id, day) do update set users = c.users + excluded.users;
    insert into analytics_user_last_day as l (project_id, telegram_id, last_day)
    select project_id, telegram_id, max(day) from added group by 1, 2 order by 1, 2
    on conflict (project_id, telegram_id) do update set last_day = greatest(l.last_day, excluded.last_day);
    insert into analytics_developer_daily_users as d (developer_id, day, telegram_id, projects)
    select developer_id, day, telegram_id, count(*) from added where developer_id is not null
    group by 1, 2, 3 order by 1, 2, 3
    on conflict (developer_id, day, telegram_id) do update set projects = d.projects + excluded.projects;
    return null;
end $$;

create function analytics_daily_users_removed() returns trigger language plpgsql as $$
begin
    update analytics_daily_unique c set users = c.users - r.users
    from (select project_id, day, count(*) as users from removed group by 1, 2 order by 1, 2) r
    where c.project_id = r.project_id and c.day = r.day;
    delete from analytics_daily_unique c using (select distinct project_id, day from removed) r
    where c.project_id = r.project_id and c.day = r.day and c.users <= 0;
    -- A user without rows has no last day; a user's last day moves back only when a removed row was it. The rows are
    -- locked first, in key order, by a statement of their own: the two statements after it then see every
    -- transaction that changed them meanwhile (a confirm that just gave the user a new day, another delete), which
    -- one statement's snapshot would not.
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

create function analytics_developer_daily_users_added() returns trigger language plpgsql as $$
begin
    insert into analytics_developer_daily_unique as c (developer_id, day, users)
    select developer_id, day, count(*) from added group by 1, 2 order by 1, 2
    on conflict (developer_id, day) do update set users = c.users + excluded.users;
    insert into analytics_developer_user_last_day as l (developer_id, telegram_id, last_day)
    select developer_id, telegram_id, max(day) from added group by 1, 2 order by 1, 2
    on conflict (developer_id, telegram_id) do update set last_day = greatest(l.last_day, excluded.last_day);
    return null;
end $$;

create function analytics_developer_daily_users_removed() returns trigger language plpgsql as $$
begin
    update analytics_developer_daily_unique c set users = c.users - r.users
    from (select developer_id, day, count(*) as users from removed group by 1, 2 order by 1, 2) r
    where c.developer_id = r.developer_id and c.day = r.day;
    delete from analytics_developer_daily_unique c using (select distinct developer_id, day from removed) r
    where c.developer_id = r.developer_id and c.day = r.day and c.users <= 0;
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

-- confirmed → used keeps the session's (project, day, user) row: V80's trigger took it out and put it back (a
-- delete and an insert of the row when it was the only session, rippling through every count above); now it is left
-- alone. Every other change is handled as before.
create or replace function analytics_session_updated() returns trigger language plpgsql as $$
declare
    old_day date := (old.created_at at time zone 'UTC')::date;
    new_day date := (new.created_at at time zone 'UTC')::date;
    old_confirmed boolean := old.status in ('confirmed', 'used');
    new_confirmed boolean := new.status in ('confirmed', 'used');
    same_user_row boolean := old_confirmed and new_confirmed and old.project_id = new.project_id
        and old_day = new_day and old.telegram_id is not distinct from new.telegram_id;
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
    if same_user_row then
        return null;
    end if;
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

-- Triggers first: creating them locks analytics_daily_users (and so every session change that reaches it) until
-- this migration commits, so the backfill below sees every row and nothing is counted twice or missed. The
-- developer-level table is written only by these triggers; its own triggers come after its backfill.
create trigger analytics_daily_users_developer before insert on analytics_daily_users
    for each row execute function analytics_daily_user_developer();
create trigger analytics_daily_users_added after insert on analytics_daily_users
    referencing new table as added for each statement execute function analytics_daily_users_added();
create trigger analytics_daily_users_removed after delete on analytics_daily_users
    referencing old table as removed for each statement execute function analytics_daily_users_removed();

update analytics_daily_users u set developer_id = p.developer_id from projects p where p.id = u.project_id;
insert into analytics_daily_unique (project_id, day, users)
select project_id, day, count(*) from analytics_daily_users group by 1, 2;
insert into analytics_user_last_day (project_id, telegram_id, last_day)
select project_id, telegram_id, max(day) from analytics_daily_users group by 1, 2;
insert into analytics_developer_daily_users (developer_id, day, telegram_id, projects)
select developer_id, day, telegram_id, count(*) from analytics_daily_users where developer_id is not null
group by 1, 2, 3;
insert into analytics_developer_daily_unique (developer_id, day, users)
select developer_id, day, count(*) from analytics_developer_daily_users group by 1, 2;
insert into analytics_developer_user_last_day (developer_id, telegram_id, last_day)
select developer_id, telegram_id, max(day) from analytics_developer_daily_users group by 1, 2;

create trigger analytics_developer_daily_users_added after insert on analytics_developer_daily_users
    referencing new table as added for each statement execute function analytics_developer_daily_users_added();
create trigger analytics_developer_daily_users_removed after delete on analytics_developer_daily_users
    referencing old table as removed for each statement execute function analytics_developer_daily_users_removed();
