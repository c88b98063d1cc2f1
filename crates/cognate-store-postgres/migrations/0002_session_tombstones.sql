-- A challenge session, once answered, stays as a tombstone until it expires, so that a second
-- answer is told the session was already used.
ALTER TABLE auth_sessions ADD COLUMN used INTEGER NOT NULL DEFAULT 0;
