-- Proofs accepted by POST /api/v1/proof/verify, remembered until they expire so a replay is refused.
create table used_proofs (
    jti        varchar(64) primary key,
    project_id varchar(40) not null references projects (id) on delete cascade,
    expires_at timestamptz not null
);
create index used_proofs_expires_idx on used_proofs (expires_at);
