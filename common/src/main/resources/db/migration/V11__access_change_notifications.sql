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

create trigger users_access_changed
  after update of username, role, enabled, password_changed_at or delete on users
  for each row execute function announce_user_access_change();

create function announce_session_access_change() returns trigger language plpgsql as $$
begin
  perform pg_notify('access_changed',
    'session:' || case when tg_op = 'DELETE' then old.family_id else new.family_id end);
  return null;
end
$$;

create trigger refresh_tokens_access_changed
  after insert or update of revoked_at or delete on refresh_tokens
  for each row execute function announce_session_access_change();
