-- The days cannot be told apart again: the table goes back to its day form,
-- empty, and forgetting the zone makes the next start count every check anew.
DROP TABLE check_counts;
CREATE TABLE check_counts (
    day DATE NOT NULL,
    hint TEXT NOT NULL,
    referral_level TEXT NOT NULL,
    checks BIGINT NOT NULL,
    PRIMARY KEY (day, hint, referral_level)
);
DELETE FROM check_counts_zone;
