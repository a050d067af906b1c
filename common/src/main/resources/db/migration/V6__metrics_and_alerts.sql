-- Live stats (websocket-monitor): one row per collected sample. Numeric columns for what history charts and
-- alerts read, jsonb only for the per-mount disks. server_id carries no foreign key: samples of a deleted
-- server are removed by the monitor (and by retention at the latest), never by a cascade inside
-- central-api's delete.
create table metric_samples (
    server_id       bigint           not null,
    ts              timestamptz      not null,
    cpu             real,
    load1           real             not null,
    load5           real             not null,
    load15          real             not null,
    mem_total       bigint           not null,
    mem_used        bigint           not null,
    mem_available   bigint           not null,
    mem_percent     real             not null,
    swap_total      bigint           not null,
    swap_used       bigint           not null,
    swap_percent    real             not null,
    -- the fullest mount, so history can chart disk use without opening the jsonb
    disk_percent    real,
    disks           jsonb            not null,
    net_rx          double precision,
    net_tx          double precision,
    uptime_seconds  bigint           not null,
    processes       integer          not null,
    primary key (server_id, ts)
);
-- retention deletes by time across all servers; rows arrive in time order, so a BRIN index is tiny and enough
create index metric_samples_ts_brin on metric_samples using brin (ts);

-- Threshold alerts: one row per alert from open to resolved. metric is cpu, memory or disk:<mount>.
create table alerts (
    id               bigint generated always as identity primary key,
    server_id        bigint           not null,
    metric           text             not null,
    severity         text             not null check (severity in ('warning', 'critical')),
    status           text             not null default 'open' check (status in ('open', 'resolved')),
    value            double precision not null,
    threshold        double precision not null,
    opened_at        timestamptz      not null,
    resolved_at      timestamptz,
    resolved_value   double precision,
    acknowledged_at  timestamptz,
    acknowledged_by  bigint,
    acknowledged_by_name text,
    constraint alerts_resolved_when check ((status = 'resolved') = (resolved_at is not null))
);
-- at most one open alert per (server, metric), whichever monitor replica saw it first
create unique index alerts_one_open_idx on alerts (server_id, metric) where status = 'open';
create index alerts_opened_idx on alerts (opened_at desc, id desc);
create index alerts_server_idx on alerts (server_id, opened_at desc);

-- Alert events waiting for notification delivery (webhooks, email): written in the same transaction as the
-- alert's change, so none is lost or sent for a change that did not happen.
create table alert_outbox (
    id              bigint generated always as identity primary key,
    alert_id        bigint      not null references alerts (id) on delete cascade,
    event           text        not null check (event in ('opened', 'escalated', 'resolved')),
    payload         jsonb       not null,
    created_at      timestamptz not null default now(),
    attempts        integer     not null default 0,
    next_attempt_at timestamptz not null default now(),
    delivered_at    timestamptz,
    last_error      text
);
create index alert_outbox_pending_idx on alert_outbox (next_attempt_at) where delivered_at is null;
