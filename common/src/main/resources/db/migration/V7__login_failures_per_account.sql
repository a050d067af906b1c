-- The login lockout counts per account, not per submitted identifier: a username and its e-mail address share
-- one count. user_id is set when the identifier names an account; identifiers that name none are counted by
-- username_key (lower-cased) as before. Rows are deleted with the account.
alter table login_failures add column user_id bigint references users (id) on delete cascade;
create index login_failures_user_idx on login_failures (user_id, ip, failed_at) where user_id is not null;
