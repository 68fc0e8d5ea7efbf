-- A keyed check keeps its reply first, and stores the check only if the key
-- was new (services::assessments::store_keyed): one statement decides, where
-- a look-up before every new check cost a second round trip. The reply names
-- its check before the check is there, so the reference is checked at commit.
ALTER TABLE idempotency_keys
    ALTER CONSTRAINT idempotency_keys_assessment_id_fkey DEFERRABLE INITIALLY DEFERRED;
