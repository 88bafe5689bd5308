-- PostgreSQL schema version 5: SQLite's migration 9 (see ../0009_usage.sql).

CREATE TABLE usage (
    client_id TEXT NOT NULL REFERENCES application_keys(client_id) ON DELETE CASCADE,
    day       TEXT NOT NULL,
    outcome   TEXT NOT NULL,
    count     BIGINT NOT NULL,
    PRIMARY KEY (client_id, day, outcome)
);
