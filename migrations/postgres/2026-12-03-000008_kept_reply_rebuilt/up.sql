-- A kept Idempotency-Key reply is rebuilt from its check when a retry comes:
-- the row keeps the visitor's token (until the check is erased), not a second
-- copy of the result.
CREATE TABLE kept_replies (
    idempotency_key TEXT PRIMARY KEY NOT NULL,
    request_hash TEXT NOT NULL,
    assessment_id TEXT NOT NULL REFERENCES assessments (id),
    token TEXT,
    created_at TIMESTAMP NOT NULL
);
-- Every reply 000003 could link to its check; an erased one keeps no token.
INSERT INTO kept_replies (idempotency_key, request_hash, assessment_id, token, created_at)
SELECT idempotency_key, request_hash, assessment_id,
       CASE WHEN status = 201 THEN body::jsonb ->> 'token' END,
       created_at
FROM idempotency_keys WHERE assessment_id IS NOT NULL;
DROP TABLE idempotency_keys;
ALTER TABLE kept_replies RENAME TO idempotency_keys;
ALTER INDEX kept_replies_pkey RENAME TO idempotency_keys_pkey;
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
CREATE INDEX idempotency_keys_assessment ON idempotency_keys (assessment_id);
