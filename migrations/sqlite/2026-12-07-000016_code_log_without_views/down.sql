DROP INDEX audit_log_code_actions;
CREATE INDEX audit_log_code ON audit_log (code, at);
