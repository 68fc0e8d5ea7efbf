DROP TABLE security_policy;
DROP TABLE recovery_codes;
ALTER TABLE staff DROP COLUMN totp_enabled_at;
ALTER TABLE staff DROP COLUMN totp_last_step;
ALTER TABLE staff DROP COLUMN totp_pending;
ALTER TABLE staff DROP COLUMN totp_secret;
