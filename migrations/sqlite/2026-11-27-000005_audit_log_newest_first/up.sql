-- The admins' desk activity (GET /v1/audit) pages the whole log newest first.
CREATE INDEX audit_log_at_id ON audit_log (at DESC, id DESC);
