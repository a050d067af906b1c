-- Retention (the cleanup jobs, docs/configuration.md "Retention"): what a job removed is said on the row it
-- leaves (a task keeps its row without its output, a terminal session its record without its recording), and
-- each job finds its old rows through an index instead of a scan of the table.
alter table tasks add column output_removed_at timestamptz;
alter table terminal_sessions add column recording_removed_at timestamptz;

-- a session (family) has ended when its last token expired or was revoked; least() ignores a null revoked_at
create index refresh_tokens_ended_idx on refresh_tokens ((least(revoked_at, expires_at)));
create index login_failures_failed_idx on login_failures (failed_at);
create index service_instances_seen_idx on service_instances (last_seen_at);
create index tasks_output_kept_idx on tasks (finished_at) where stdout is not null or stderr is not null;
create index terminal_sessions_recorded_idx on terminal_sessions (ended_at)
    where recording and recording_removed_at is null and ended_at is not null;
create index alert_outbox_delivered_idx on alert_outbox (delivered_at) where delivered_at is not null;
create index alerts_resolved_idx on alerts (resolved_at) where status = 'resolved';
