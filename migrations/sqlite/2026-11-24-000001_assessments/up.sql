-- Stored self-checks. `answers` and `result` hold health data and are erased
-- (set NULL) on the visitor's DELETE; the summary columns (hint, referral level)
-- stay for the clinic's figures and for codes already issued.
CREATE TABLE assessments (
    id TEXT PRIMARY KEY NOT NULL,
    token_hash TEXT NOT NULL,
    questionnaire_version TEXT NOT NULL,
    locale TEXT NOT NULL,
    source TEXT NOT NULL,
    answers TEXT,
    result TEXT,
    hint TEXT NOT NULL,
    referral_level TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    erased_at TIMESTAMP
);
CREATE INDEX assessments_created_at ON assessments (created_at, id);
