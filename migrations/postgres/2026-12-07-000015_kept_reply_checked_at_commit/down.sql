ALTER TABLE idempotency_keys
    ALTER CONSTRAINT idempotency_keys_assessment_id_fkey NOT DEFERRABLE;
