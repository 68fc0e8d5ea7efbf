-- Every redeem attempt is audited, also one on a code that does not exist or
-- fails its check symbol. `code` now links an entry to its code row and is
-- NULL when the attempt named none; `typed` keeps what staff typed or scanned
-- and `normalised` its symbols as the code check reads them.
-- SQLite cannot drop a NOT NULL or add a foreign key in place: the table is
-- rebuilt (nothing references it), columns in the PostgreSQL order.
CREATE TABLE audit_log_new (
    id TEXT PRIMARY KEY NOT NULL,
    at TIMESTAMP NOT NULL,
    actor_id TEXT REFERENCES staff (id),
    action TEXT NOT NULL,
    code TEXT REFERENCES codes (code),
    outcome TEXT NOT NULL,
    reason TEXT,
    typed TEXT NOT NULL,
    normalised TEXT NOT NULL
);
INSERT INTO audit_log_new (id, at, actor_id, action, code, outcome, reason, typed, normalised)
SELECT id, at, actor_id, action, CASE WHEN code IN (SELECT code FROM codes) THEN code END,
       outcome, reason, code, code
FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_new RENAME TO audit_log;
CREATE INDEX audit_log_code ON audit_log (code, at);
