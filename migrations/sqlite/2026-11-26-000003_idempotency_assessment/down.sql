DROP INDEX idempotency_keys_assessment;
ALTER TABLE idempotency_keys DROP COLUMN assessment_id;
