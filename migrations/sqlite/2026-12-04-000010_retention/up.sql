-- The retention sweep (services::retention) looks for checks past the limit
-- that still hold answers. Erased checks stay as rows for the figures, and
-- over the years they are most of the table: this index holds only the
-- unerased ones, so the daily look-up does not walk every erased row.
CREATE INDEX assessments_unerased_created_at ON assessments (created_at) WHERE erased_at IS NULL;
-- Expired refresh tokens are purged by the same sweep.
CREATE INDEX refresh_tokens_expires_at ON refresh_tokens (expires_at);
