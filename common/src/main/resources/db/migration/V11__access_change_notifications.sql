-- Every service keeps what it learnt of a user and a login session (ActiveUsers), so that a request with an
-- access token costs no database round trip. A change to what that answer reads is announced on channel
-- access_changed, by whoever makes it (any service, any replica, psql), and every service forgets what it kept
-- of that user or session: sign-out, disable, delete, role or password change take effect within milliseconds.
-- Postgres delivers a notification when its transaction commits, and one payload once per transaction.

create function announce_user_access_change() returns trigger language plpgsql as $$
begin
  perform pg_notify('access_changed', 'user:' || case when tg_op = 'DELETE' then old.id else new.id end);
  return null;
end
$$;

-- only a real change to what ActiveUsers reads: an e-mail change or a login (last_login_at) announces nothing
create trigger users_access_changed
  after update of username, role, enabled, password_changed_at on users
  for each row
  when (old.username is distinct from new.username or old.role is distinct from new.role
        or old.enabled is distinct from new.enabled or old.password_changed_at is distinct from new.password_changed_at)
  execute function announce_user_access_change();

create trigger users_access_removed
  after delete on users
  for each row execute function announce_user_access_change();

-- a session is revoked when every token of its family is: revoking one, or deleting rows, can change that;
-- a new token (login, rotation) never revokes anything, so inserts announce nothing
create function announce_session_access_change() returns trigger language plpgsql as $$
begin
  perform pg_notify('access_changed',
    'session:' || case when tg_op = 'DELETE' then old.family_id else new.family_id end);
  return null;
end
$$;

create trigger refresh_tokens_access_changed
  after update of revoked_at on refresh_tokens
  for each row when (old.revoked_at is distinct from new.revoked_at)
  execute function announce_session_access_change();

create trigger refresh_tokens_access_removed
  after delete on refresh_tokens
  for each row execute function announce_session_access_change();
