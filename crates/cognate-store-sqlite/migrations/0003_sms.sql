-- The account's SMS settings (one document) and the monthly SMS spend ledger: a total per
-- month, which reservations check against the limit, the detail by pool and country, and the
-- last hour of messages for the per-number and per-country caps.
CREATE TABLE sms_account (
    id TEXT PRIMARY KEY,
    version BIGINT NOT NULL,
    doc TEXT NOT NULL
);

CREATE TABLE sms_month (
    month TEXT PRIMARY KEY,
    micro_usd BIGINT NOT NULL
);

CREATE TABLE sms_spend (
    month TEXT NOT NULL,
    pool_id TEXT NOT NULL,
    country TEXT NOT NULL,
    messages BIGINT NOT NULL,
    micro_usd BIGINT NOT NULL,
    PRIMARY KEY (month, pool_id, country)
);

CREATE TABLE sms_recent (
    phone_number TEXT NOT NULL,
    country TEXT NOT NULL,
    at_ms BIGINT NOT NULL
);
CREATE INDEX sms_recent_by_number ON sms_recent (phone_number, at_ms);
CREATE INDEX sms_recent_by_country ON sms_recent (country, at_ms);
CREATE INDEX sms_recent_by_time ON sms_recent (at_ms);
