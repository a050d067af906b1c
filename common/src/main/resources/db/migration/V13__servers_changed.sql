-- central-api keeps its answer to GET /api/servers (ServerListCache) so that the list costs no database round trip
-- per request. Any change to the servers table — an edit in any replica, the monitor's status and last_seen, psql —
-- is announced on channel servers_changed and every central-api forgets the list (milliseconds after the commit).
-- One announcement per statement: the monitor's batched last_seen update is one statement for many rows, and
-- Postgres folds a transaction's identical payloads into one.

create function announce_servers_change() returns trigger language plpgsql as $$
begin
  perform pg_notify('servers_changed', '');
  return null;
end
$$;

create trigger servers_changed
  after insert or update or delete or truncate on servers
  for each statement execute function announce_servers_change();
