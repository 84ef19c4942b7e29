DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log;
DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log;
DROP FUNCTION IF EXISTS audit_log_append_only();

-- The role is shared by every database of the cluster: only this database's grants go.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'cpca_app') THEN
        ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM cpca_app;
        ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM cpca_app;
        REVOKE ALL ON ALL TABLES IN SCHEMA public FROM cpca_app;
        REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM cpca_app;
        REVOKE USAGE ON SCHEMA public FROM cpca_app;
        EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM cpca_app', current_database());
    END IF;
END
$$;
