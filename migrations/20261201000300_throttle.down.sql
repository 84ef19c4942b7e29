DROP TABLE IF EXISTS rate_events, login_unlocks;
DROP INDEX IF EXISTS login_attempts_failed_at_idx;
