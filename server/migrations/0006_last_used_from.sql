-- Schema version 6. Where a key was last used from: the address and the User-Agent of its last
-- successful token exchange, beside last_used_at and written with it (NULL until then). A failed
-- exchange changes none of the three. The User-Agent is kept to its first 256 characters.

ALTER TABLE application_keys ADD COLUMN last_used_ip TEXT;
ALTER TABLE application_keys ADD COLUMN last_used_user_agent TEXT;
