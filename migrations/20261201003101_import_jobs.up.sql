-- 会员管理 — 导入会员: one row per uploaded file, from the column mapping through the dry run
-- (试运行) to the import itself, run by the worker. Progress and counts are kept here so the
-- page (and a reload without JS) shows them, and a second web process sees the same.
CREATE TABLE import_jobs (
    id             bigserial PRIMARY KEY,
    status         text        NOT NULL DEFAULT 'mapping', -- mapping | checking | checked | running | done | failed
    mode           text        NOT NULL DEFAULT 'create',  -- create | fill | override
    send_invites   boolean     NOT NULL DEFAULT false,
    file_id        text        NOT NULL REFERENCES files(id),
    file_name      text        NOT NULL DEFAULT '',
    format         text        NOT NULL,                   -- xlsx | csv
    headers        jsonb       NOT NULL DEFAULT '[]',      -- the file's header row
    mapping        jsonb       NOT NULL DEFAULT '{}',      -- field key -> column index
    total          integer     NOT NULL DEFAULT 0,
    done           integer     NOT NULL DEFAULT 0,
    created        integer     NOT NULL DEFAULT 0,
    filled         integer     NOT NULL DEFAULT 0,
    overridden     integer     NOT NULL DEFAULT 0,
    unchanged      integer     NOT NULL DEFAULT 0,
    errors         integer     NOT NULL DEFAULT 0,
    invited        integer     NOT NULL DEFAULT 0,
    first_errors   jsonb       NOT NULL DEFAULT '[]',      -- the first errors: row, USCC, reason
    result_file_id text REFERENCES files(id),
    failure        text        NOT NULL DEFAULT '',
    created_by     bigint REFERENCES users(id) ON DELETE SET NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    checked_at     timestamptz,
    started_at     timestamptz,
    finished_at    timestamptz,
    CONSTRAINT import_jobs_status_check CHECK (status IN ('mapping', 'checking', 'checked', 'running', 'done', 'failed')),
    CONSTRAINT import_jobs_mode_check CHECK (mode IN ('create', 'fill', 'override'))
);
CREATE INDEX import_jobs_created_idx ON import_jobs (created_at DESC, id DESC);
