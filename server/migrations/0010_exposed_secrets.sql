-- Schema version 10. A secret reported as found in public (POST /secret-scanning/reports): the
-- key's secret is switched off and the key says where and when it was found, until its next
-- rotation. Reports name secrets, not keys: both digests are indexed for the lookup.

ALTER TABLE application_keys ADD COLUMN exposed_at TEXT;
ALTER TABLE application_keys ADD COLUMN exposed_url TEXT;
ALTER TABLE application_keys ADD COLUMN exposed_source TEXT;
-- The digest of the last secret reported: a report sent again is recognised (and changes nothing).
ALTER TABLE application_keys ADD COLUMN exposed_digest BLOB;
CREATE INDEX application_keys_by_secret ON application_keys (secret_digest);
CREATE INDEX application_keys_by_previous_secret ON application_keys (previous_secret_digest);
CREATE INDEX application_keys_by_exposed_secret ON application_keys (exposed_digest);
