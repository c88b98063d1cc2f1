-- The branding of a pool's hosted pages (SetUICustomization): the pool's default under client
-- `ALL`, and a client's own.
CREATE TABLE ui_customizations (
    pool_id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (pool_id, client_id)
);
