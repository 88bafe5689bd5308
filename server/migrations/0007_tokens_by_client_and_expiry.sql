-- Schema version 7. Each exchange at /token drops its key's expired access tokens first
-- (`DELETE … WHERE client_id = ? AND expires_at <= ?`). Indexed by client_id alone, that statement
-- read every live token of the key, so a busy key's exchanges slowed as its tokens piled up (at 8
-- connections, from 1,705 to 599 a second within 24 s). Indexed by (client_id, expires_at), it
-- reads only the expired ones; the cascade of a deleted key still finds its tokens by the prefix.

DROP INDEX access_tokens_by_client;
CREATE INDEX access_tokens_by_client ON access_tokens(client_id, expires_at);
