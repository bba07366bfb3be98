-- Announces every change a verify poll can observe on channel bondify_changes ('s' + hex token hash). A trigger's
-- NOTIFY is delivered only when its transaction commits, so no instance drops its cached state for a change that
-- rolled back, and none keeps serving a state that a committed change replaced.
create function bondify_notify_session_change() returns trigger language plpgsql as $$
begin
    perform pg_notify('bondify_changes', 's' || encode(old.token_hash, 'hex'));
    return null;
end
$$;

create trigger auth_sessions_notify_update after update on auth_sessions for each row
    when (old.status is distinct from new.status or old.bound_telegram_id is distinct from new.bound_telegram_id)
    execute function bondify_notify_session_change();

create trigger auth_sessions_notify_delete after delete on auth_sessions for each row
    execute function bondify_notify_session_change();
