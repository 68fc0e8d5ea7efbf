-- Staff reads of a visitor's check are audited (action `view_check`): which
-- check, and through which route. NULL for the actions on codes.
ALTER TABLE audit_log ADD COLUMN assessment_id TEXT;
ALTER TABLE audit_log ADD COLUMN route TEXT;
-- The audit list filtered by action, newest first, a page at a time; and
-- "who saw this check", for a visitor who asks.
CREATE INDEX audit_log_action_at_id ON audit_log (action, at DESC, id DESC);
CREATE INDEX audit_log_assessment ON audit_log (assessment_id, at) WHERE assessment_id IS NOT NULL;
