ALTER TABLE audit_log DROP CONSTRAINT audit_log_code_fkey;
UPDATE audit_log SET code = normalised WHERE code IS NULL;
ALTER TABLE audit_log ALTER COLUMN code SET NOT NULL;
ALTER TABLE audit_log DROP COLUMN normalised;
ALTER TABLE audit_log DROP COLUMN typed;
