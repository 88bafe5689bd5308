-- Schema version 8. The activity log: what happened to an account's keys, written by each change
-- in the change's own transaction and never changed afterwards. `id` orders the log (AUTOINCREMENT:
-- never reused, so a cursor stays valid). `client_id` has no foreign key: a deleted key's events
-- stay, naming it. `actor_name` is the user's sign-in name or the key's client_id (NULL for the
-- system); `details` is the type's own fields as a JSON object. No secret or token is ever here.

CREATE TABLE events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
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
