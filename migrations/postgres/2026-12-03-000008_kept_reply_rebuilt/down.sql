-- Back to whole kept bodies, rebuilt from each check the way the server
-- answers (an erased check's reply stays blank, status 410).
CREATE TABLE kept_bodies (
    idempotency_key TEXT PRIMARY KEY NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER NOT NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    assessment_id TEXT REFERENCES assessments (id)
);
INSERT INTO kept_bodies (idempotency_key, request_hash, status, body, created_at, assessment_id)
SELECT k.idempotency_key, k.request_hash,
       CASE WHEN k.token IS NULL OR a.result IS NULL THEN 410 ELSE 201 END,
       CASE WHEN k.token IS NULL OR a.result IS NULL THEN ''
            ELSE json_build_object('id', a.id, 'token', k.token, 'result', a.result::json)::text END,
       k.created_at, k.assessment_id
FROM idempotency_keys k JOIN assessments a ON a.id = k.assessment_id;
DROP TABLE idempotency_keys;
ALTER TABLE kept_bodies RENAME TO idempotency_keys;
ALTER INDEX kept_bodies_pkey RENAME TO idempotency_keys_pkey;
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
CREATE INDEX idempotency_keys_assessment ON idempotency_keys (assessment_id);
