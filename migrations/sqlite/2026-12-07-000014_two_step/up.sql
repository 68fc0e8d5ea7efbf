-- Two-step sign-in (issue 13 §6): a staff member's TOTP seed (RFC 6238),
-- sealed with the key file outside the database (api/src/vault.rs), the seed
-- being enrolled until its first code confirms it, and the last time step a
-- code was accepted for, so no code is accepted twice.
ALTER TABLE staff ADD COLUMN totp_secret TEXT;
ALTER TABLE staff ADD COLUMN totp_pending TEXT;
ALTER TABLE staff ADD COLUMN totp_last_step INTEGER;
ALTER TABLE staff ADD COLUMN totp_enabled_at TIMESTAMP;

-- One-time recovery codes, stored as SHA-256 (they are 50 random bits each,
-- and a hash of a random code cannot be turned back); a used one stays, spent.
CREATE TABLE recovery_codes (
    code_hash TEXT PRIMARY KEY NOT NULL,
    staff_id TEXT NOT NULL REFERENCES staff (id),
    used_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX recovery_codes_staff ON recovery_codes (staff_id);

-- The clinic's sign-in rules: one row.
CREATE TABLE security_policy (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    require_two_step BOOLEAN NOT NULL,
    updated_at TIMESTAMP,
    updated_by TEXT REFERENCES staff (id)
);
INSERT INTO security_policy (id, require_two_step) VALUES (1, FALSE);
