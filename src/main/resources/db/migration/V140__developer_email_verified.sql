-- When the developer proved they read mail at their address (a verification or reset link); null = not yet. Accounts
-- made before e-mail verification existed count as verified from their creation: nobody could have asked them.
alter table developers add column email_verified_at timestamptz;
update developers set email_verified_at = created_at;
