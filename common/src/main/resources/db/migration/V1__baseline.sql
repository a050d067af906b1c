-- Baseline shared schema. Owned tables per DESIGN.md: users (central-api), audit_logs (append-only, every
-- service appends), service_instances (every service heartbeats its own row from the readiness check).

create table users (
    id                  bigint generated always as identity primary key,
    username            text        not null,
    email               text,
    password_hash       text        not null,
    role                text        not null check (role in ('admin', 'operator', 'viewer', 'auditor')),
    enabled             boolean     not null default true,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now(),
    password_changed_at timestamptz not null default now(),
    last_login_at       timestamptz
);
-- usernames and emails are unique regardless of case: "Admin" and "admin" are the same person
create unique index users_username_key on users (lower(username));
create unique index users_email_key on users (lower(email)) where email is not null;

create table audit_logs (
    id          bigint generated always as identity primary key,
    occurred_at timestamptz not null default now(),
    service     text        not null,
    user_id     bigint,
    username    text,
    action      text        not null,
    target_type text,
    target_id   text,
    ip          text,
    user_agent  text,
    request_id  text,
    meta        jsonb       not null default '{}'::jsonb
);
-- keyset pagination, newest first, and the common filters
create index audit_logs_occurred_at_idx on audit_logs (occurred_at desc, id desc);
create index audit_logs_user_idx on audit_logs (user_id, occurred_at desc);
create index audit_logs_action_idx on audit_logs (action, occurred_at desc);
create index audit_logs_target_idx on audit_logs (target_type, target_id);

-- append-only: rows may be inserted and (by retention) deleted, never changed
create function audit_logs_reject_update() returns trigger language plpgsql as $$
begin
    raise exception 'audit_logs is append-only';
end;
$$;
create trigger audit_logs_no_update before update on audit_logs
    for each row execute function audit_logs_reject_update();

create table service_instances (
    instance_id  text primary key,
    service      text        not null,
    started_at   timestamptz not null,
    last_seen_at timestamptz not null
);
