CREATE TABLE kept_replies (
    key_lookup TEXT PRIMARY KEY NOT NULL,
    request_hash TEXT NOT NULL,
    assessment_id TEXT NOT NULL REFERENCES assessments (id),
    sealed_token TEXT,
    created_at TIMESTAMP NOT NULL
) WITHOUT ROWID;
INSERT INTO kept_replies (key_lookup, request_hash, assessment_id, sealed_token, created_at)
SELECT key_lookup, request_hash, assessment_id, sealed_token, created_at FROM idempotency_keys;
DROP TABLE idempotency_keys;
ALTER TABLE kept_replies RENAME TO idempotency_keys;
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
CREATE INDEX idempotency_keys_assessment ON idempotency_keys (assessment_id);
