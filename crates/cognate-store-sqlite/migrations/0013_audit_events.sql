-- The audit log: each step of an event (a sign-in's password step, its MFA step, a sign-up, an
-- SMS sent) one row, appended in batches and never rewritten but for its feedback. `sub` is
-- empty where no user is known; `seq` (the event's place in the log) and `created_ms` (its
-- time) are the same on all steps of an event; `feedback` is empty until given. Rows outlive
-- their pool and user until the retention purge.
CREATE TABLE audit_events (
    event_id TEXT NOT NULL,
    step INTEGER NOT NULL,
    pool_id TEXT NOT NULL,
    sub TEXT NOT NULL,
    kind TEXT NOT NULL,
    seq INTEGER NOT NULL,
    created_ms INTEGER NOT NULL,
    doc TEXT NOT NULL,
    feedback TEXT NOT NULL,
    PRIMARY KEY (event_id, step)
);
CREATE INDEX audit_events_by_user ON audit_events (pool_id, sub, seq);
CREATE INDEX audit_events_by_seq ON audit_events (seq);
CREATE INDEX audit_events_by_time ON audit_events (created_ms);
