-- Schema version 9. Each key's token exchanges per UTC day and outcome: a counter upserted by the
-- server every second or so from what it counted in memory, not a row per exchange. A key's
-- counters go with it (ON DELETE CASCADE); older days go with the activity log's retention.

CREATE TABLE usage (
    client_id TEXT NOT NULL REFERENCES application_keys(client_id) ON DELETE CASCADE,
    day       TEXT NOT NULL,               -- YYYY-MM-DD, UTC
    outcome   TEXT NOT NULL,               -- issued, refused_secret, refused_expired, rate_limited
    count     INTEGER NOT NULL,
    PRIMARY KEY (client_id, day, outcome)
);
