-- The process group a running task's command announced on the server (central-api). An instance that dies
-- leaves its tasks running remotely; the instance that recovers them (TaskQueue.recoverStale) kills what is
-- left of that group, after checking on the server that the group still carries the task's marker.
alter table tasks add column remote_pgid bigint;
-- The instance that recovered the task and is killing what it left on its server; null once that is settled
-- (the task's error then says how). When that instance dies first, another takes the settling over.
alter table tasks add column recovered_by text;
-- every heartbeat of every instance looks for them: few, if any
create index tasks_unsettled on tasks (id) where recovered_by is not null;
