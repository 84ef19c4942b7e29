-- 项目申报: projects staff publish (团体标准立项, 评优评奖, 政府项目推荐, 专项资金, 其他) that
-- member companies apply for offline (by email or stamped paper copies), the reminders a
-- company asked for (提醒我), the offline applications staff record, and versioned
-- attachments (templates) per project.
CREATE TABLE projects (
    id              bigserial   PRIMARY KEY,
    name            text        NOT NULL,
    name_bigrams    text[]      NOT NULL DEFAULT '{}',
    kind            text        NOT NULL,                  -- standard | award | government | fund | other
    year            integer     NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    publisher       text        NOT NULL DEFAULT '',
    published       boolean     NOT NULL DEFAULT false,
    council_only    boolean     NOT NULL DEFAULT false,    -- only 理事单位 and above see it
    starts_at       timestamptz NOT NULL,                  -- 申报开始 (start of the day)
    deadline        timestamptz NOT NULL,                  -- 申报截止 (end of the day)
    postmark        boolean     NOT NULL DEFAULT false,    -- 以邮戳为准
    review_until    timestamptz,                           -- 评审结束 (end of the day), null: until results
    conditions      text        NOT NULL DEFAULT '',
    materials       text        NOT NULL DEFAULT '',       -- one item a line
    submit_email    text        NOT NULL DEFAULT '',
    paper_copies    integer     NOT NULL DEFAULT 0 CHECK (paper_copies BETWEEN 0 AND 50),
    mail_address    text        NOT NULL DEFAULT '',
    review_process  text        NOT NULL DEFAULT '',
    contacts        text        NOT NULL DEFAULT '',
    results         text        NOT NULL DEFAULT '',       -- 结果公示; set: the project is 已公示
    results_at      timestamptz,
    created_by      bigint      REFERENCES users(id) ON DELETE SET NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (deadline > starts_at)
);
CREATE INDEX projects_list_idx ON projects (published, deadline DESC, id DESC);
CREATE INDEX projects_name_bigrams_idx ON projects USING gin (name_bigrams);

CREATE FUNCTION cpca_projects_bigrams() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.name_bigrams := cpca_bigrams(NEW.name);
    RETURN NEW;
END $$;
CREATE TRIGGER projects_bigrams BEFORE INSERT OR UPDATE OF name ON projects
    FOR EACH ROW EXECUTE FUNCTION cpca_projects_bigrams();

-- 提醒我: one row per company and project; the reminder itself is claimed in reminders.
CREATE TABLE project_watches (
    project_id  bigint      NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    company_id  bigint      NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    created_by  bigint      REFERENCES users(id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, company_id)
);
CREATE INDEX project_watches_company_idx ON project_watches (company_id);

-- 我的申报: what staff recorded of a company's offline application (one per project).
CREATE TABLE project_applications (
    id          bigserial   PRIMARY KEY,
    project_id  bigint      NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    company_id  bigint      NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    received_on date        NOT NULL,
    channel     text        NOT NULL,                  -- email | paper
    complete    boolean     NOT NULL DEFAULT true,
    missing     text        NOT NULL DEFAULT '',       -- missing items, when not complete
    decision    text        NOT NULL DEFAULT 'pending', -- pending | accepted | rejected | awarded
    note        text        NOT NULL DEFAULT '',
    created_by  bigint      REFERENCES users(id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (project_id, company_id)
);
CREATE INDEX project_applications_company_idx ON project_applications (company_id);

-- Attachments (申报模板 etc.): each upload of a title is a new version; members download the latest.
CREATE TABLE project_attachments (
    id          bigserial   PRIMARY KEY,
    project_id  bigint      NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    title       text        NOT NULL,
    version     integer     NOT NULL,
    file_id     text        NOT NULL REFERENCES files(id),
    created_by  bigint      REFERENCES users(id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (project_id, title, version)
);
