-- A pool's identity providers (federation records) by name, and their IdP identifiers, each
-- held by one provider of the pool.
CREATE TABLE identity_providers (
    pool_id TEXT NOT NULL,
    name TEXT NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (pool_id, name)
);

CREATE TABLE identity_provider_identifiers (
    pool_id TEXT NOT NULL,
    identifier TEXT NOT NULL,
    provider_name TEXT NOT NULL,
    PRIMARY KEY (pool_id, identifier)
);
CREATE INDEX identity_provider_identifiers_by_provider
    ON identity_provider_identifiers (pool_id, provider_name);
