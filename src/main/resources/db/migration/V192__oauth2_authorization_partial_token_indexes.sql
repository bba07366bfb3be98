-- The token lookups of oauth2_authorization (authorization_code_value = ?, access_token_value = ?,
-- user_code_value = ?, device_code_value = ?) only ever look for a value, never for null: index only
-- the rows that have one. A code-flow row then has no entry in the user and device code indexes, a
-- device row none in the code index, and a code's redemption (an UPDATE that cannot be HOT, since it
-- sets the access token) writes three index entries instead of five.
drop index oauth2_authorization_code_idx;
drop index oauth2_authorization_access_token_idx;
drop index oauth2_authorization_user_code_idx;
drop index oauth2_authorization_device_code_idx;

create index oauth2_authorization_code_idx on oauth2_authorization (authorization_code_value)
    where authorization_code_value is not null;
create index oauth2_authorization_access_token_idx on oauth2_authorization (access_token_value)
    where access_token_value is not null;
create index oauth2_authorization_user_code_idx on oauth2_authorization (user_code_value)
    where user_code_value is not null;
create index oauth2_authorization_device_code_idx on oauth2_authorization (device_code_value)
    where device_code_value is not null;
