-- Browser terminal sessions (terminal-gateway): one row per WebSocket that got past the access checks, with
-- the instance that holds it (owner_instance), so a replica's live rows are told from a dead one's.
-- user_id and server_id carry no foreign key: a session record outlives the user or server it names.
create table terminal_sessions (
    id             uuid primary key,
    user_id        bigint      not null,
    username       text        not null,
    server_id      bigint      not null,
    server_name    text        not null,
    client_ip      text,
    user_agent     text,
    status         text        not null default 'active'
        check (status in ('active', 'closed', 'remote_exit', 'idle_timeout', 'stopped', 'interrupted', 'error')),
    close_reason   text,
    cols           integer     not null,
    rows           integer     not null,
    bytes_in       bigint      not null default 0,
    bytes_out      bigint      not null default 0,
    owner_instance text        not null,
    recording      boolean     not null,
    started_at     timestamptz not null default now(),
    ended_at       timestamptz
);
create index terminal_sessions_active_idx on terminal_sessions (user_id) where status = 'active';
create index terminal_sessions_owner_idx on terminal_sessions (owner_instance) where status = 'active';
create index terminal_sessions_started_idx on terminal_sessions (started_at desc, id);
create index terminal_sessions_user_idx on terminal_sessions (user_id, started_at desc);

-- Recordings as asciicast v2: chunk 0 is the header line, later chunks hold event lines, in order.
create table terminal_recording_chunks (
    session_id uuid    not null references terminal_sessions (id) on delete cascade,
    seq        integer not null,
    data       text    not null,
    primary key (session_id, seq)
);
-- terminal output arrives at tens of MiB/s: compressing each chunk would cost the database more CPU than the
-- space it saves is worth (recordings are capped by TERMINAL_RECORDING_MAX_BYTES)
alter table terminal_recording_chunks alter column data set storage external;
