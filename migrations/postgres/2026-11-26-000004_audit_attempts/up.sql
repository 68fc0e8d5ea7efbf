-- Every redeem attempt is audited, also one on a code that does not exist or
-- fails its check symbol. `code` now links an entry to its code row and is
-- NULL when the attempt named none; `typed` keeps what staff typed or scanned
-- and `normalised` its symbols as the code check reads them.
ALTER TABLE audit_log ALTER COLUMN code DROP NOT NULL;
ALTER TABLE audit_log ADD COLUMN typed TEXT;
ALTER TABLE audit_log ADD COLUMN normalised TEXT;
UPDATE audit_log SET typed = code, normalised = code;
UPDATE audit_log SET code = NULL WHERE code NOT IN (SELECT code FROM codes);
ALTER TABLE audit_log ALTER COLUMN typed SET NOT NULL;
ALTER TABLE audit_log ALTER COLUMN normalised SET NOT NULL;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_code_fkey FOREIGN KEY (code) REFERENCES codes (code);
