-- Sealed replies cannot be unsealed without their keys: a downgrade forgets
-- them (a retry then stores its check again) and keeps any not yet sealed.
DROP TABLE idempotency_keys;
ALTER TABLE unsealed_replies RENAME TO idempotency_keys;
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
CREATE INDEX idempotency_keys_assessment ON idempotency_keys (assessment_id);
