-- Spring Authorization Server's authorizations (codes, access and id tokens), shared by every instance.
-- Its schema for PostgreSQL (blob -> text, timestamp -> timestamptz). Token values are stored as
-- SHA-256 hashes ("sha256:" + base64url), never as the tokens themselves (see HashedAuthorizationService).
create table oauth2_authorization (
    id                            varchar(100)  not null primary key,
    registered_client_id          varchar(100)  not null,
    principal_name                varchar(200)  not null,
    authorization_grant_type      varchar(100)  not null,
    authorized_scopes             varchar(1000) default null,
    attributes                    text          default null,
    state                         varchar(500)  default null,
    authorization_code_value      text          default null,
    authorization_code_issued_at  timestamptz   default null,
    authorization_code_expires_at timestamptz   default null,
    authorization_code_metadata   text          default null,
    access_token_value            text          default null,
    access_token_issued_at        timestamptz   default null,
    access_token_expires_at       timestamptz   default null,
    access_token_metadata         text          default null,
    access_token_type             varchar(100)  default null,
    access_token_scopes           varchar(1000) default null,
    oidc_id_token_value           text          default null,
    oidc_id_token_issued_at       timestamptz   default null,
    oidc_id_token_expires_at      timestamptz   default null,
    oidc_id_token_metadata        text          default null,
    refresh_token_value           text          default null,
    refresh_token_issued_at       timestamptz   default null,
    refresh_token_expires_at      timestamptz   default null,
    refresh_token_metadata        text          default null,
    user_code_value               text          default null,
    user_code_issued_at           timestamptz   default null,
    user_code_expires_at          timestamptz   default null,
    user_code_metadata            text          default null,
    device_code_value             text          default null,
    device_code_issued_at         timestamptz   default null,
    device_code_expires_at        timestamptz   default null,
    device_code_metadata          text          default null,
    -- Set by the one token request that redeems the code (a conditional UPDATE): concurrent redemptions lose.
    code_redeemed                 boolean       not null default false
);

create index oauth2_authorization_code_idx on oauth2_authorization (authorization_code_value);
create index oauth2_authorization_access_token_idx on oauth2_authorization (access_token_value);
create index oauth2_authorization_user_code_idx on oauth2_authorization (user_code_value);
create index oauth2_authorization_device_code_idx on oauth2_authorization (device_code_value);
