-- A code's own log lists the actions on the code; the desk's look-ups of it
-- (view_check) are in the whole log. The index those pages read now holds
-- the actions alone: each look-up added a row under the code, and a page of
-- the code's log read past every one of them (9,000 look-ups of one code:
-- 11 ms a page). Views, a row per check on every staff page, no longer
-- touch this index at all.
DROP INDEX audit_log_code;
CREATE INDEX audit_log_code_actions ON audit_log (code, at, id) WHERE action <> 'view_check';
