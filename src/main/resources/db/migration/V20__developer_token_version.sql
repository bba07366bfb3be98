-- Developer tokens carry this number; bumping it revokes every token issued to the developer so far.
alter table developers add column token_version integer not null default 0;
