-- Announces on channel bondify_changes every committed change to an authorization that holds an access token, so each
-- instance drops the copy /userinfo answers from (oidc/ActiveAccessTokens): 'oauth:' + id for an updated row (a
-- revocation, a replayed code revoking its tokens); 'oauth:' alone (forget them all) once per statement that deleted
-- rows whose access token may still be live, and once per truncate. The hourly retention deletes only rows expired a
-- day ago, so it announces nothing. Rows without an access token (a code being issued or redeemed, a device code being
-- polled) announce nothing either: the token endpoint pays nothing for this.
create function bondify_notify_authorization_change() returns trigger language plpgsql as $$
begin
    perform pg_notify('bondify_changes', 'oauth:' || old.id);
    return null;
end
$$;

create trigger oauth2_authorization_notify_update after update on oauth2_authorization for each row
    when (old.access_token_value is not null)
    execute function bondify_notify_authorization_change();

create function bondify_notify_authorizations_deleted() returns trigger language plpgsql as $$
begin
    if exists (select 1 from deleted_authorizations
               where access_token_value is not null
                 and (access_token_expires_at is null or access_token_expires_at > now() - interval '1 hour')) then
        perform pg_notify('bondify_changes', 'oauth:');
    end if;
    return null;
end
$$;

create trigger oauth2_authorization_notify_delete after delete on oauth2_authorization
    referencing old table as deleted_authorizations for each statement
    execute function bondify_notify_authorizations_deleted();

create function bondify_notify_authorizations_truncated() returns trigger language plpgsql as $$
begin
    perform pg_notify('bondify_changes', 'oauth:');
    return null;
end
$$;

create trigger oauth2_authorization_notify_truncate after truncate on oauth2_authorization
    for each statement execute function bondify_notify_authorizations_truncated();
