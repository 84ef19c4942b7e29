-- The audit log is append-only: no UPDATE, DELETE or TRUNCATE, for any role, superusers
-- included (a trigger fires for them too; ENABLE ALWAYS keeps it firing under
-- session_replication_role = replica). Only a table owner or superuser who first drops or
-- disables the trigger can change rows, and that DDL is visible in PostgreSQL's log.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
ALTER TABLE audit_log ENABLE ALWAYS TRIGGER audit_log_no_change;
ALTER TABLE audit_log ENABLE ALWAYS TRIGGER audit_log_no_truncate;

-- cpca_app is the group role of an application that does not connect as the owner (README:
-- "Running without a superuser"): it reads and writes the tables, may only add to audit_log,
-- and can not change the schema or the migration records. Where the migrating role may not
-- create roles and cpca_app does not exist, this part is skipped with a notice.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'cpca_app') THEN
        BEGIN
            CREATE ROLE cpca_app NOLOGIN;
        EXCEPTION
            WHEN duplicate_object OR unique_violation THEN NULL; -- created meanwhile by another database's migration
            WHEN insufficient_privilege THEN
                RAISE NOTICE 'cpca_app not created (no CREATEROLE): grants skipped';
                RETURN;
        END;
    END IF;
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO cpca_app', current_database());
    GRANT USAGE ON SCHEMA public TO cpca_app;
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO cpca_app;
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO cpca_app;
    REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM cpca_app;
    IF to_regclass('bun_migrations') IS NOT NULL THEN
        REVOKE INSERT, UPDATE, DELETE ON bun_migrations FROM cpca_app;
    END IF;
    IF to_regclass('bun_migration_locks') IS NOT NULL THEN
        REVOKE INSERT, UPDATE, DELETE ON bun_migration_locks FROM cpca_app;
    END IF;
    -- Tables and sequences that later migrations create (as this same role) get the same grants.
    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO cpca_app;
    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO cpca_app;
END
$$;
