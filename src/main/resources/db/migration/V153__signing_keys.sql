-- The EC P-256 keys that sign OpenID Connect tokens and ES256 proofs, shared by every instance. The private JWK is
-- kept only sealed (AES-GCM under the server's encryption key); the public key is derived from it when it is opened,
-- so a row written by someone without that key can never be published. generation orders the keys and, being
-- unique, lets one conditional insert decide the winner of concurrent first starts and concurrent rotations.
create table signing_keys (
    kid          varchar(64) primary key,
    generation   integer     not null unique,
    jwk_sealed   bytea       not null,
    created_at   timestamptz not null,
    -- Published from created_at; signs from activates_at (a short delay lets every instance and cached JWKS see it).
    activates_at timestamptz not null
);

-- Every change is announced on bondify_changes ('k'), so each instance reloads its key ring at once.
create function bondify_notify_signing_key_change() returns trigger language plpgsql as $$
begin
    perform pg_notify('bondify_changes', 'k');
    return null;
end
$$;

create trigger signing_keys_notify after insert or update or delete on signing_keys for each statement
    execute function bondify_notify_signing_key_change();
