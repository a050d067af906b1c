-- the audit log's filter by user name (any letter case), newest first like every other filter
create index audit_logs_username_idx on audit_logs (lower(username), occurred_at desc);
