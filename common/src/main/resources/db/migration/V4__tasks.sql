-- Remote tasks (central-api): a durable queue shared by every central-api replica. Workers claim queued rows
-- with FOR UPDATE SKIP LOCKED; owner_id and heartbeat_at tell a live replica's running tasks from a dead one's.
-- server_id and user_id carry no foreign key: a task outlives the server or user it names, as audit rows do.
create table tasks (
    id                  bigint generated always as identity primary key,
    server_id           bigint      not null,
    user_id             bigint      not null,
    username            text        not null,
    command             text        not null,
    timeout_seconds     integer     not null check (timeout_seconds between 1 and 600),
    store_output        boolean     not null default true,
    status              text        not null default 'queued'
        check (status in ('queued', 'running', 'success', 'failed', 'timeout', 'cancelled', 'interrupted')),
    exit_code           integer,
    error               text,
    -- the first TASKS_OUTPUT_MAX_BYTES bytes as received (any encoding); null unless store_output
    stdout              bytea,
    stderr              bytea,
    stdout_bytes        bigint      not null default 0,
    stderr_bytes        bigint      not null default 0,
    stdout_truncated    boolean     not null default false,
    stderr_truncated    boolean     not null default false,
    owner_id            text,
    heartbeat_at        timestamptz,
    cancel_requested_at timestamptz,
    created_at          timestamptz not null default now(),
    started_at          timestamptz,
    finished_at         timestamptz
);
-- the claim scans queued rows oldest first and counts running ones per server
create index tasks_queued_idx on tasks (id) where status = 'queued';
create index tasks_running_idx on tasks (server_id, owner_id) where status = 'running';
-- lists, newest first, and the per-user creation rate limit
create index tasks_user_idx on tasks (user_id, id desc);
create index tasks_server_idx on tasks (server_id, id desc);
create index tasks_user_created_idx on tasks (user_id, created_at);
