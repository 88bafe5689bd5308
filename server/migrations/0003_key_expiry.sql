-- Schema version 3. Keys can expire: expires_at is the instant from which the key is refused at
-- /token and every access token issued from it at /whoami; NULL for a key that never expires.
-- Expired keys stay (listed until deleted); the purge never deletes them.
-- TEXT in the fixed-width form of created_at (2026-11-26T21:14:43.518204Z), not Unix seconds like
-- the expiry of sessions and tokens: this one is also shown in every key, exactly as the client
-- asked for it (to the microsecond), and text order is still time order, so `expires_at > ?now`
-- compares it as it is stored.

ALTER TABLE application_keys ADD COLUMN expires_at TEXT;
