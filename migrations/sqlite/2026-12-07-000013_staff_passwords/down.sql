DROP INDEX refresh_tokens_staff;
ALTER TABLE refresh_tokens DROP COLUMN session_epoch;
ALTER TABLE staff DROP COLUMN temporary_used_at;
ALTER TABLE staff DROP COLUMN password_changed_at;
ALTER TABLE staff DROP COLUMN session_epoch;
ALTER TABLE staff DROP COLUMN must_change_password;
