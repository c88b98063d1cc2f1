-- Failed sign-ins and recent calls of rate-limited operations, per subject of a pool: a user,
-- or a name that no user holds, kept as a keyed hash. Counted apart from users so that a name
-- nobody holds costs and answers as a user does; rows go once `expires_ms` has passed.
CREATE TABLE attempts (
    pool_id TEXT NOT NULL,
    subject TEXT NOT NULL,
    version INTEGER NOT NULL,
    expires_ms INTEGER NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (pool_id, subject)
);
CREATE INDEX attempts_by_expiry ON attempts (expires_ms);
