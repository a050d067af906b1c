-- Retention (the cleanup jobs, docs/configuration.md "Retention"): what a job removed is said on the row it
-- leaves (a task keeps its row without its output, a terminal session its record without its recording), and
-- each job finds its old rows through an index instead of a scan of the table.
alter table tasks add column output_removed_at timestamptz;
alter table terminal_sessions add column recording_removed_at timestamptz;

-- a session (family) has ended when its last token expired or was revoked; least() ignores a null revoked_at
create index refresh_tokens_ended_idx on refresh_tokens ((least(revoked_at, expires_at)));
-- a live session's rotated tokens, once expired
create index refresh_tokens_rotated_idx on refresh_tokens (expires_at) where used_at is not null;
create index login_failures_failed_idx on login_failures (failed_at);
create index service_instances_seen_idx on service_instances (last_seen_at);
create index tasks_output_kept_idx on tasks (finished_at) where stdout is not null or stderr is not null;
create index terminal_sessions_recorded_idx on terminal_sessions (ended_at)
    where recording and recording_removed_at is null and ended_at is not null;
create index alert_outbox_delivered_idx on alert_outbox (delivered_at) where delivered_at is not null;
create index alerts_resolved_idx on alerts (resolved_at) where status = 'resolved';

-- Tasks by status (the servermonitor_tasks gauge, read by every central-api every 5 s) kept by triggers, so the
-- gauge reads seven rows instead of counting the whole table. Every status change takes the old status's row
-- before the new one's, and nothing goes back to queued, so two transactions never wait on each other in a loop.
create table task_status_counts (
    status text   primary key,
    n      bigint not null
);
insert into task_status_counts (status, n)
    select s, (select count(*) from tasks t where t.status = s)
    from unnest(array['queued', 'running', 'success', 'failed', 'timeout', 'cancelled', 'interrupted']) s;
create function task_status_counts_follow() returns trigger language plpgsql as $$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        update task_status_counts set n = n - 1 where status = old.status;
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        update task_status_counts set n = n + 1 where status = new.status;
    end if;
    return null;
end;
$$;
create trigger tasks_counted after insert or delete on tasks
    for each row execute function task_status_counts_follow();
create trigger tasks_recounted after update of status on tasks
    for each row when (old.status is distinct from new.status) execute function task_status_counts_follow();

-- resolving alerts are deleted with their outbox rows (on delete cascade): found by alert, not by a scan
create index alert_outbox_alert_idx on alert_outbox (alert_id);

-- The cleanup deletes only sign-in sessions that ended before their last access token expired: nothing any
-- service keeps of them can matter any more, so those deletes announce nothing (a first cleanup after an upgrade
-- removes every session ever ended, which would otherwise be a notification for each, to every service). The
-- cleanup marks its own transactions (set local servermonitor.cleanup = 'on'); every other change announces.
create or replace function announce_session_access_change() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' and current_setting('servermonitor.cleanup', true) = 'on' then
    return null;
  end if;
  perform pg_notify('access_changed',
    'session:' || case when tg_op = 'DELETE' then old.family_id else new.family_id end);
  return null;
end
$$;
