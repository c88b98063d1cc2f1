-- Pools, clients, users (documents) with their unique sign-in keys, challenge sessions and
-- refresh tokens. Documents are JSON text; columns hold only what is looked up or guarded.
CREATE TABLE user_pools (
    id TEXT PRIMARY KEY,
    doc TEXT NOT NULL
);

CREATE TABLE app_clients (
    client_id TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL,
    doc TEXT NOT NULL
);
CREATE INDEX app_clients_by_pool ON app_clients (pool_id, client_id);

CREATE TABLE users (
    pool_id TEXT NOT NULL,
    sub TEXT NOT NULL,
    version INTEGER NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (pool_id, sub)
);

CREATE TABLE user_keys (
    pool_id TEXT NOT NULL,
    ukey TEXT NOT NULL,
    sub TEXT NOT NULL,
    PRIMARY KEY (pool_id, ukey)
);
CREATE INDEX user_keys_by_user ON user_keys (pool_id, sub);

CREATE TABLE auth_sessions (
    id TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL,
    expires_ms INTEGER NOT NULL,
    doc TEXT NOT NULL
);
CREATE INDEX auth_sessions_by_expiry ON auth_sessions (expires_ms);

CREATE TABLE refresh_tokens (
    hash TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL,
    sub TEXT NOT NULL,
    origin_jti TEXT NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0,
    doc TEXT NOT NULL
);
CREATE INDEX refresh_tokens_by_origin ON refresh_tokens (origin_jti);
CREATE INDEX refresh_tokens_by_user ON refresh_tokens (pool_id, sub);
