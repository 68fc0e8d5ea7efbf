-- Staff passwords a clinic can run (issue 13 §6): an admin's reset leaves a
-- temporary password that the next sign-in must replace; changing or
-- resetting a password bumps the account's session epoch, which every access
-- token carries, so the account's other sign-ins end at once (their refresh
-- tokens are revoked in the same transaction).
ALTER TABLE staff ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE staff ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0;
ALTER TABLE staff ADD COLUMN password_changed_at TIMESTAMP;
-- Revoking every sign-in of one account.
CREATE INDEX refresh_tokens_staff ON refresh_tokens (staff_id);
