-- Schema version 10 (PostgreSQL). An endpoint whose waiting deliveries have reached the outbox's
-- cap takes no new ones until they drain: `outbox_full`, set by the senders as they count (1 or 0), read
-- by each event's enqueue instead of counting the outbox on every event.
ALTER TABLE webhook_endpoints ADD COLUMN outbox_full BIGINT NOT NULL DEFAULT 0;
CREATE INDEX webhook_deliveries_waiting_by_endpoint ON webhook_deliveries(endpoint)
    WHERE delivered_at IS NULL AND failed_at IS NULL;

-- The event types each endpoint wants, one row each, matched exactly (they were a JSON list
-- matched with LIKE).
CREATE TABLE webhook_endpoint_events (
    type      TEXT NOT NULL,
    endpoint  TEXT NOT NULL,
    PRIMARY KEY (type, endpoint)
);
ALTER TABLE webhook_endpoints DROP COLUMN events;
