-- PostgreSQL schema version 3: SQLite's migration 7 (see ../0007_tokens_by_client_and_expiry.sql).

DROP INDEX access_tokens_by_client;
CREATE INDEX access_tokens_by_client ON access_tokens(client_id, expires_at);
