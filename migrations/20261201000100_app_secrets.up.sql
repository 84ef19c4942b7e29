-- Keys every web process must share, generated once by the first process that needs one
-- (internal/session/csrf.go signs anonymous CSRF tokens with the key named 'csrf').
CREATE TABLE app_secrets (
    name       text        PRIMARY KEY,
    value      bytea       NOT NULL CHECK (length(value) >= 32),
    created_at timestamptz NOT NULL DEFAULT now()
);
