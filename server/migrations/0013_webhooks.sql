-- Schema version 13. Webhooks: the endpoints of --webhooks as every instance reads them (their
-- secrets stay in the server's memory), the outbox of deliveries (written in the transaction of
-- their event; `next_attempt_at` and `delivered_at` are wall-clock time, also under --test-clock),
-- the smallest expiry notice a key has had (days before its end), and the one row an expiry scan
-- locks so that instances scan one after the other.

CREATE TABLE webhook_endpoints (
    name    TEXT PRIMARY KEY,
    events  TEXT NOT NULL
);

CREATE TABLE webhook_deliveries (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    webhook_id       TEXT NOT NULL UNIQUE,
    endpoint         TEXT NOT NULL,
    event_id         INTEGER NOT NULL,
    payload          TEXT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT NOT NULL,
    delivered_at     TEXT,
    failed_at        TEXT,
    last_status      INTEGER,
    last_error       TEXT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_attempt_at)
    WHERE delivered_at IS NULL AND failed_at IS NULL;
CREATE INDEX webhook_deliveries_by_event ON webhook_deliveries(event_id);

ALTER TABLE application_keys ADD COLUMN expiry_notice_days INTEGER;

CREATE TABLE scan_turn (id INTEGER PRIMARY KEY);
INSERT INTO scan_turn (id) VALUES (1);
