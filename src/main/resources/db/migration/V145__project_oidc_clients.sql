-- Every project is an OpenID Connect client: where it may send users back (exact URLs),
-- and whether it is a public client (PKCE alone, never its secret key).
alter table projects
    add column redirect_uris text[] not null default '{}',
    add column oidc_public boolean not null default false;
