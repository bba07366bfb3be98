-- A proof id is remembered per project: jti values are chosen by whoever signs, so one project's key must not be able
-- to "use up" a jti that another project's genuine proof carries.
alter table used_proofs drop constraint used_proofs_pkey;
alter table used_proofs add primary key (project_id, jti);
