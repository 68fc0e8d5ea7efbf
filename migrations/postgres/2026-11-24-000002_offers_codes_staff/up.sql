-- Campaigns (offers), discount codes, staff accounts and their sessions, the
-- audit log of code actions, idempotent replies, and exercise sessions.

CREATE TABLE campaigns (
    id TEXT PRIMARY KEY NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    percent_off INTEGER NOT NULL CHECK (percent_off BETWEEN 1 AND 100),
    applies_to TEXT NOT NULL,
    -- The clinic's local calendar days, both inclusive ('YYYY-MM-DD').
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL,
    recurrence TEXT NOT NULL CHECK (recurrence IN ('none', 'yearly')),
    code_life_days INTEGER CHECK (code_life_days IS NULL OR code_life_days > 0),
    demo BOOLEAN NOT NULL DEFAULT FALSE,
    ended_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- The clinic's two yearly promotions (CONTENT.md section 7).
INSERT INTO campaigns (id, slug, title, description, percent_off, applies_to, starts_on, ends_on, recurrence, code_life_days, demo, created_at, updated_at)
VALUES
  ('0b7f6a52-6a3e-4c7e-9d0a-1f2e3d4c5b01', 'new-year-massage', 'New Year massage',
   'Start the year well: 20% off a massage, all of January.', 20, 'a massage',
   '2026-01-01', '2026-01-31', 'yearly', NULL, FALSE, (now() AT TIME ZONE 'UTC'), (now() AT TIME ZONE 'UTC')),
  ('0b7f6a52-6a3e-4c7e-9d0a-1f2e3d4c5b02', 'back-to-school', 'Back to school',
   'Back-to-school special: 20% off all packages and memberships, all of August.', 20, 'packages and memberships',
   '2026-08-01', '2026-08-31', 'yearly', NULL, FALSE, (now() AT TIME ZONE 'UTC'), (now() AT TIME ZONE 'UTC'));

CREATE TABLE staff (
    id TEXT PRIMARY KEY NOT NULL,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('staff', 'admin')),
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE codes (
    code TEXT PRIMARY KEY NOT NULL,
    assessment_id TEXT NOT NULL REFERENCES assessments (id),
    campaign_id TEXT NOT NULL REFERENCES campaigns (id),
    issued_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    redeemed_at TIMESTAMP,
    redeemed_by TEXT REFERENCES staff (id),
    voided_at TIMESTAMP,
    void_reason TEXT,
    UNIQUE (assessment_id, campaign_id)
);

CREATE TABLE refresh_tokens (
    token_hash TEXT PRIMARY KEY NOT NULL,
    staff_id TEXT NOT NULL REFERENCES staff (id),
    family_id TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    revoked_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);

CREATE TABLE login_failures (
    subject TEXT PRIMARY KEY NOT NULL,
    failures INTEGER NOT NULL,
    window_started_at TIMESTAMP NOT NULL,
    locked_until TIMESTAMP
);

CREATE TABLE audit_log (
    id TEXT PRIMARY KEY NOT NULL,
    at TIMESTAMP NOT NULL,
    actor_id TEXT REFERENCES staff (id),
    action TEXT NOT NULL,
    code TEXT NOT NULL,
    outcome TEXT NOT NULL,
    reason TEXT
);
CREATE INDEX audit_log_code ON audit_log (code, at);

CREATE TABLE idempotency_keys (
    idempotency_key TEXT PRIMARY KEY NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER NOT NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);

CREATE TABLE exercise_sessions (
    id TEXT PRIMARY KEY NOT NULL,
    assessment_id TEXT NOT NULL REFERENCES assessments (id),
    plan_key TEXT NOT NULL,
    performed_on DATE NOT NULL,
    sets_done INTEGER,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX exercise_sessions_assessment ON exercise_sessions (assessment_id, performed_on);

-- HMAC keys for staff access tokens, shared by every API process on this
-- database; `kid` in each token names its key, so keys can be rotated.
CREATE TABLE signing_keys (
    kid TEXT PRIMARY KEY NOT NULL,
    secret TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    retired_at TIMESTAMP
);
