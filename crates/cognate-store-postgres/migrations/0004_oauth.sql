-- A pool's OAuth 2.0 side: its domain (one per pool, each name taken once) and its resource
-- servers with their custom scopes.
CREATE TABLE pool_domains (
    domain TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL,
    doc TEXT NOT NULL
);
CREATE UNIQUE INDEX pool_domains_by_pool ON pool_domains (pool_id);

CREATE TABLE resource_servers (
    pool_id TEXT NOT NULL,
    identifier TEXT NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (pool_id, identifier)
);
