DROP INDEX IF EXISTS audit_log_actor_idx;
