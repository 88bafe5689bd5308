-- PostgreSQL schema version 4: SQLite's migration 8 (see ../0008_events.sql).

CREATE TABLE events (
    id          BIGSERIAL PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    client_id   TEXT,
    type        TEXT NOT NULL,
    at          TEXT NOT NULL,
    actor_kind  TEXT NOT NULL,
    actor_name  TEXT,
    ip          TEXT,
    user_agent  TEXT,
    details     TEXT NOT NULL
);
CREATE INDEX events_by_account ON events(account_id, id);
CREATE INDEX events_by_key ON events(account_id, client_id, id);
