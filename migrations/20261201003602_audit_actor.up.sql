-- 审计日志 filtered by user (internal/audit List: actor_name = ?, newest first).
CREATE INDEX audit_log_actor_idx ON audit_log (actor_name, id DESC);
