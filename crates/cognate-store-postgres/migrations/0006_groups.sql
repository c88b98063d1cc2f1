-- User-pool groups, and their members by user `sub` (found both ways: a group's members, a
-- user's groups).
CREATE TABLE user_groups (
    pool_id TEXT NOT NULL,
    name TEXT NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (pool_id, name)
);

CREATE TABLE group_members (
    pool_id TEXT NOT NULL,
    group_name TEXT NOT NULL,
    sub TEXT NOT NULL,
    PRIMARY KEY (pool_id, group_name, sub)
);
CREATE INDEX group_members_by_user ON group_members (pool_id, sub, group_name);
