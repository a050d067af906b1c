-- SSH key vault and servers inventory (central-api). Secrets are AES-256-GCM ciphertext with a per-value
-- nonce and the id of the key that sealed them (see common SecretBox); never plaintext.
create table ssh_keys (
    id                    bigint generated always as identity primary key,
    name                  text        not null,
    description           text,
    key_type              text        not null,
    public_key            text        not null,
    fingerprint           text        not null,
    private_key_sealed    bytea       not null,
    private_key_nonce     bytea       not null,
    passphrase_sealed     bytea,
    passphrase_nonce      bytea,
    key_id                text        not null,
    created_by            bigint,
    created_at            timestamptz not null default now(),
    deleted_at            timestamptz
);
-- names are unique among the keys still in use; a deleted key's name may be reused
create unique index ssh_keys_name_key on ssh_keys (lower(name)) where deleted_at is null;

create table servers (
    id                   bigint generated always as identity primary key,
    name                 text        not null,
    host                 text        not null,
    port                 integer     not null default 22 check (port between 1 and 65535),
    username             text        not null,
    description          text,
    tags                 text[]      not null default '{}',
    ssh_key_id           bigint references ssh_keys (id),
    password_sealed      bytea,
    password_nonce       bytea,
    password_key_id      text,
    host_key_fingerprint text,
    host_key_type        text,
    host_key_trusted_at  timestamptz,
    status               text        not null default 'unknown',
    last_seen            timestamptz,
    created_at           timestamptz not null default now(),
    updated_at           timestamptz not null default now(),
    -- exactly one credential: a vault key or a sealed password
    constraint servers_one_credential check ((ssh_key_id is null) <> (password_sealed is null)),
    constraint servers_endpoint_key unique (host, port, username)
);
create index servers_ssh_key_idx on servers (ssh_key_id);
