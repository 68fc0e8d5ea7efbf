-- Staff passwords a clinic can run (issue 13 §6): an admin's reset leaves a
-- temporary password that the next sign-in must replace; changing or
-- resetting a password bumps the account's session epoch, which every access
-- token carries, so the account's other sign-ins end at once (their refresh
-- tokens are revoked in the same transaction).
ALTER TABLE staff ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE staff ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0;
ALTER TABLE staff ADD COLUMN password_changed_at TIMESTAMP;
-- A temporary password signs in once: when it did.
ALTER TABLE staff ADD COLUMN temporary_used_at TIMESTAMP;
-- The epoch a refresh token was made in: one made by a sign-in that raced a
-- change (it read the account before the change, wrote after the revoke) is
-- refused, since its epoch is no longer the account's.
ALTER TABLE refresh_tokens ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0;
-- Revoking every sign-in of one account.
CREATE INDEX refresh_tokens_staff ON refresh_tokens (staff_id);
