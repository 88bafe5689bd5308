-- PostgreSQL schema version 2: SQLite's migration 6 (see ../0006_last_used_from.sql).

ALTER TABLE application_keys ADD COLUMN last_used_ip TEXT;
ALTER TABLE application_keys ADD COLUMN last_used_user_agent TEXT;
