-- Schema version 12. Keys limited to scopes: a key's scopes as a sorted JSON array (NULL only for
-- keys from before, which the server gives every scope it has when it starts); each access
-- token's granted scope (space-separated; NULL: every scope its key granted) and when it was
-- issued (Unix seconds, for introspection's `iat`).

ALTER TABLE application_keys ADD COLUMN scopes TEXT;
ALTER TABLE access_tokens ADD COLUMN scope TEXT;
ALTER TABLE access_tokens ADD COLUMN issued_at INTEGER;
