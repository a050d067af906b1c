-- Refresh tokens (central-api): opaque to clients, stored only as a SHA-256 hash, rotated on every use.
-- A family is one login session: reusing a rotated token revokes the whole family.
create table refresh_tokens (
    id         uuid primary key,
    family_id  uuid        not null,
    user_id    bigint      not null references users (id) on delete cascade,
    token_hash text        not null unique,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    used_at    timestamptz,
    revoked_at timestamptz
);
create index refresh_tokens_family_idx on refresh_tokens (family_id);
create index refresh_tokens_user_idx on refresh_tokens (user_id);

-- Failed logins per (lower-cased username, client IP), kept only for the lockout window. In the database
-- so that every central-api replica sees the same count.
create table login_failures (
    id           bigint generated always as identity primary key,
    username_key text        not null,
    ip           text        not null,
    failed_at    timestamptz not null default now()
);
create index login_failures_key_idx on login_failures (username_key, ip, failed_at);
