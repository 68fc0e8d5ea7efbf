-- A kept Idempotency-Key reply holds neither the client's key nor the
-- visitor's token as they were sent: it is found under a value derived from
-- the key and holds the token sealed with another (services::idempotency_key),
-- so a copy of the database replays nothing and opens no check. SQL cannot
-- derive them, so the replies kept so far move aside unchanged, and the server
-- seals them at start, before it serves (db::idempotency::replace_unsealed).
DROP INDEX idempotency_keys_created_at;
DROP INDEX idempotency_keys_assessment;
ALTER TABLE idempotency_keys RENAME TO unsealed_replies;
ALTER INDEX idempotency_keys_pkey RENAME TO unsealed_replies_pkey;
CREATE TABLE idempotency_keys (
    key_lookup TEXT PRIMARY KEY NOT NULL,
    request_hash TEXT NOT NULL,
    assessment_id TEXT NOT NULL REFERENCES assessments (id),
    sealed_token TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
CREATE INDEX idempotency_keys_assessment ON idempotency_keys (assessment_id);
