-- GET /v1/stats read every check and every code and counted them in the
-- server; these counts are kept instead, in the same transaction as each
-- write (api/src/db/figures.rs).

-- Checks per clinic-local day. The day depends on the clinic's time zone, so
-- the server fills this table itself (services::stats::recount) on its first
-- start, and again whenever the zone it runs with is not the one in
-- check_counts_zone.
CREATE TABLE check_counts (
    day DATE NOT NULL,
    hint TEXT NOT NULL,
    referral_level TEXT NOT NULL,
    checks BIGINT NOT NULL,
    PRIMARY KEY (day, hint, referral_level)
);
CREATE TABLE check_counts_zone (
    zone TEXT PRIMARY KEY NOT NULL
);

-- Codes issued and redeemed per campaign (voided ones included, as before).
CREATE TABLE code_counts (
    campaign_id TEXT PRIMARY KEY NOT NULL REFERENCES campaigns (id),
    issued BIGINT NOT NULL,
    redeemed BIGINT NOT NULL
);
INSERT INTO code_counts (campaign_id, issued, redeemed)
SELECT campaign_id, COUNT(*), COUNT(redeemed_at) FROM codes GROUP BY campaign_id;
