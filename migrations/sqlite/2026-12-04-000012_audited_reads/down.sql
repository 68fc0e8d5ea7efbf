DROP INDEX audit_log_assessment;
DROP INDEX audit_log_action_at_id;
ALTER TABLE audit_log DROP COLUMN route;
ALTER TABLE audit_log DROP COLUMN assessment_id;
