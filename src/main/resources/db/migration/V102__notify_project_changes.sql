-- Announces every change to a project on channel bondify_changes ('p' + project id), on commit: each instance drops
-- its cached copy, so a rotated key, a pause or new allowed origins apply on every instance at once.
create function bondify_notify_project_change() returns trigger language plpgsql as $$
begin
    perform pg_notify('bondify_changes', 'p' || old.id);
    return null;
end
$$;

create trigger projects_notify after update or delete on projects for each row
    execute function bondify_notify_project_change();
