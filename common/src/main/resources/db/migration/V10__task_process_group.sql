-- The process group a running task's command announced on the server (central-api). An instance that dies
-- leaves its tasks running remotely; the instance that recovers them (TaskQueue.recoverStale) kills what is
-- left of that group, after checking on the server that the group still carries the task's marker.
alter table tasks add column remote_pgid bigint;
