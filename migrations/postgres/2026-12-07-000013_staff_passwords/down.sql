DROP INDEX refresh_tokens_staff;
ALTER TABLE staff DROP COLUMN password_changed_at;
ALTER TABLE staff DROP COLUMN session_epoch;
ALTER TABLE staff DROP COLUMN must_change_password;
