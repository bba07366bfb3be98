-- The algorithm of a project's Bondify proofs: HS256 with its secret key (the default, what the official SDKs
-- verify) or ES256 with the provider's signing keys (verifiable through the JWKS without the secret key).
alter table projects
    add column proof_alg varchar(8) not null default 'HS256' constraint projects_proof_alg_check
        check (proof_alg in ('HS256', 'ES256'));
