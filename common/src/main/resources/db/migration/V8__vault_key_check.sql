-- The key vault's verification value (central-api): a known text sealed with the vault's master key (SecretBox,
-- like every vault value) on first start. At every start the configured KEY_VAULT_MASTER_KEY (or _NEXT) must open
-- it, so a wrong key is refused at start instead of failing at first use. A key rotation re-seals it with the
-- other values. One row.
create table vault_key_check (
    id         smallint    primary key default 1 check (id = 1),
    key_id     text        not null,
    nonce      bytea       not null,
    sealed     bytea       not null,
    sealed_at  timestamptz not null default now()
);
