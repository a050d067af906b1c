-- A terminal ending's audit entry, held with its row until audit_logs takes it (terminal-gateway). A session ends
-- when it ends, whether or not the audit trail can be written at that moment: the row's end and this entry commit
-- together, then the gateway moves the entry into audit_logs and clears it in one transaction, at once or on a
-- later beat (any gateway), so an entry is neither lost nor written twice. Null: nothing owed.
alter table terminal_sessions add column pending_audit jsonb;
create index terminal_sessions_pending_audit_idx on terminal_sessions (ended_at) where pending_audit is not null;
