-- Rate-limit counters: events per key in fixed windows of time, shared by every node on this
-- database. The key is a keyed hash of the limit and of whom it counts (an address, or a pool
-- and a username). UNLOGGED: counting is a write on every limited request, which needs
-- neither the WAL nor an fsync; a crash empties the table, which only forgets recent counts.
-- Rows go once `expires_ms` has passed.
CREATE UNLOGGED TABLE rate_counts (
    counter_key TEXT NOT NULL,
    window_start_ms BIGINT NOT NULL,
    events BIGINT NOT NULL,
    expires_ms BIGINT NOT NULL,
    PRIMARY KEY (counter_key, window_start_ms)
);
CREATE INDEX rate_counts_by_expiry ON rate_counts (expires_ms);
