-- Schema version 11. The networks a key may be used from: a JSON array of normalised CIDR ranges
-- (appkeys-rules' networks), '[]' for anywhere, as every key made before was.

ALTER TABLE application_keys ADD COLUMN allowed_networks TEXT NOT NULL DEFAULT '[]';
