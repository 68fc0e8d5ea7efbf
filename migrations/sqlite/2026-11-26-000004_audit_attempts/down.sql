CREATE TABLE audit_log_old (
    id TEXT PRIMARY KEY NOT NULL,
    at TIMESTAMP NOT NULL,
    actor_id TEXT REFERENCES staff (id),
    action TEXT NOT NULL,
    code TEXT NOT NULL,
    outcome TEXT NOT NULL,
    reason TEXT
);
INSERT INTO audit_log_old (id, at, actor_id, action, code, outcome, reason)
SELECT id, at, actor_id, action, COALESCE(code, normalised), outcome, reason FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_old RENAME TO audit_log;
CREATE INDEX audit_log_code ON audit_log (code, at);
