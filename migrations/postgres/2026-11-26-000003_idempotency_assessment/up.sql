-- Which check a kept Idempotency-Key reply stored, so erasing the check can
-- scrub the reply too (it holds the result and the visitor's token).
ALTER TABLE idempotency_keys ADD COLUMN assessment_id TEXT REFERENCES assessments (id);
-- Replies kept before this migration: their body names the check.
UPDATE idempotency_keys SET assessment_id = (body::jsonb ->> 'id')
WHERE status = 201;
CREATE INDEX idempotency_keys_assessment ON idempotency_keys (assessment_id);
