-- DELETE /api/v1/dev/projects/:id ran the cascade over all of a project's sessions in the request: at 10M rows it
-- was still running after 240 s (a NOTIFY per row, the rollup triggers, one transaction). Now the project row goes at
-- once (its id answers 404 from that commit on) and leaves a tombstone; SessionPurge removes the sessions and the
-- per-user rollups in short batches, on whichever instance takes the tombstone, resuming after any restart.
create table project_purges (
    project_id varchar(40) primary key,
    deleted_at timestamptz not null
);

-- Every way a project goes (the API, a developer's account deleted with its projects) leaves the tombstone.
create function bondify_project_deleted() returns trigger language plpgsql as $$
begin
    insert into project_purges (project_id, deleted_at) values (old.id, now()) on conflict do nothing;
    return null;
end
$$;
create trigger projects_purge_sessions after delete on projects for each row execute function bondify_project_deleted();

-- The large children no longer go in the project's cascade; rows of a deleted project are invisible (every read joins
-- projects or is by a key only the project's callers hold) until the purge takes them.
alter table auth_sessions drop constraint auth_sessions_project_id_fkey;
alter table analytics_daily_users drop constraint analytics_daily_users_project_id_fkey;
alter table analytics_user_last_day drop constraint analytics_user_last_day_project_id_fkey;

-- A purge batch sets bondify.purge = 'on' for its transaction: its deletes send no NOTIFY per row (no instance caches
-- a deleted project's sessions: the project itself is gone) and do not lock the rollups (the project's day counters
-- went with the project; the purge removes its per-user rows itself, through their own triggers).
drop trigger auth_sessions_notify_delete on auth_sessions;
create trigger auth_sessions_notify_delete after delete on auth_sessions for each row
    when (current_setting('bondify.purge', true) is distinct from 'on')
    execute function bondify_notify_session_change();
drop trigger auth_sessions_analytics_delete on auth_sessions;
create trigger auth_sessions_analytics_delete after delete on auth_sessions
    referencing old table as old_rows for each statement
    when (current_setting('bondify.purge', true) is distinct from 'on')
    execute function analytics_sessions_deleted();
