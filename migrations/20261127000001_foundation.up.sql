-- Foundation: companies, people, users, applications, sessions, audit, email outbox, notices.
CREATE TABLE companies (
    id              bigserial PRIMARY KEY,
    name            text        NOT NULL,
    uscc            char(18)    NOT NULL,
    legal_rep       text        NOT NULL DEFAULT '',
    reg_capital     numeric(16,2),
    founded_on      date,
    nature          text        NOT NULL DEFAULT '',
    category        text        NOT NULL DEFAULT '',
    province        text        NOT NULL DEFAULT '',
    city            text        NOT NULL DEFAULT '',
    address         text        NOT NULL DEFAULT '',
    postcode        text        NOT NULL DEFAULT '',
    website         text        NOT NULL DEFAULT '',
    employees       integer,
    intro           text        NOT NULL DEFAULT '',
    main_products   text        NOT NULL DEFAULT '',
    last_year_sales numeric(16,2),
    export_ratio    numeric(5,2),
    main_markets    text        NOT NULL DEFAULT '',
    certifications  text        NOT NULL DEFAULT '',
    status          text        NOT NULL DEFAULT 'applicant', -- applicant | member | suspended
    level           text        NOT NULL DEFAULT 'member',    -- member | council | standing | vice_president | president
    member_no       text UNIQUE,
    joined_on       date,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
-- One company per credit code: a second registration for the same code is refused.
CREATE UNIQUE INDEX companies_uscc_key ON companies (uscc);

-- 单位成员: the company's people.
CREATE TABLE company_people (
    id          bigserial PRIMARY KEY,
    company_id  bigint  NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    position    integer NOT NULL DEFAULT 0,
    name        text    NOT NULL,
    title       text    NOT NULL DEFAULT '',
    mobile      text    NOT NULL DEFAULT '',
    email       text    NOT NULL DEFAULT '',
    is_primary  boolean NOT NULL DEFAULT false,
    is_finance  boolean NOT NULL DEFAULT false
);
CREATE INDEX company_people_company_idx ON company_people (company_id, position);

CREATE TABLE users (
    id                  bigserial PRIMARY KEY,
    username            text        NOT NULL,
    password_hash       text        NOT NULL,
    name                text        NOT NULL DEFAULT '',
    email               text        NOT NULL DEFAULT '',
    mobile              text        NOT NULL DEFAULT '',
    lang                text        NOT NULL DEFAULT 'zh',
    role                text        NOT NULL DEFAULT 'applicant', -- applicant | member | admin
    company_id          bigint REFERENCES companies(id) ON DELETE SET NULL,
    disabled            boolean     NOT NULL DEFAULT false,
    privacy_accepted_at timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_username_key ON users (lower(username));
CREATE INDEX users_company_idx ON users (company_id);
CREATE INDEX users_role_idx ON users (role);

-- 入会申请 and its review, including the mailed paper documents (纸质材料).
CREATE TABLE applications (
    id               bigserial PRIMARY KEY,
    company_id       bigint      NOT NULL UNIQUE REFERENCES companies(id) ON DELETE CASCADE,
    user_id          bigint      NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    status           text        NOT NULL, -- submitted | approved | rejected | resubmitted
    revision         integer     NOT NULL DEFAULT 1,
    submitted_at     timestamptz NOT NULL DEFAULT now(),
    reviewed_at      timestamptz,
    reviewed_by      bigint REFERENCES users(id),
    reject_reason    text        NOT NULL DEFAULT '',
    paper_received   boolean     NOT NULL DEFAULT false,
    paper_received_on date,
    courier_no       text        NOT NULL DEFAULT '',
    paper_note       text        NOT NULL DEFAULT '',
    search_name      text        NOT NULL DEFAULT '',
    uscc             char(18)    NOT NULL,
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX applications_status_submitted_idx ON applications (status, submitted_at DESC);
CREATE INDEX applications_submitted_idx ON applications (submitted_at DESC, id DESC);

-- Every submission keeps a snapshot, so staff can see what a resubmission changed.
CREATE TABLE application_revisions (
    application_id bigint      NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    revision       integer     NOT NULL,
    snapshot       jsonb       NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (application_id, revision)
);

-- Registration drafts: the four steps are kept server-side, keyed by a random id held in the session.
CREATE TABLE registration_drafts (
    id          text        PRIMARY KEY,
    step        integer     NOT NULL DEFAULT 1,
    data        jsonb       NOT NULL DEFAULT '{}',
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX registration_drafts_updated_idx ON registration_drafts (updated_at);

-- Server-side sessions: the cookie carries a random id, the table keeps its SHA-256.
CREATE TABLE sessions (
    id_hash     bytea       PRIMARY KEY,
    user_id     bigint REFERENCES users(id) ON DELETE CASCADE,
    csrf_token  text        NOT NULL,
    data        jsonb       NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    ip          text        NOT NULL DEFAULT '',
    user_agent  text        NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_last_seen_idx ON sessions (last_seen_at);

CREATE TABLE login_attempts (
    id        bigserial PRIMARY KEY,
    username  text        NOT NULL,
    ip        text        NOT NULL,
    success   boolean     NOT NULL,
    at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempts_user_idx ON login_attempts (lower(username), at DESC);
CREATE INDEX login_attempts_ip_idx ON login_attempts (ip, at DESC);

CREATE TABLE audit_log (
    id          bigserial PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    actor_id    bigint,
    actor_name  text        NOT NULL DEFAULT '',
    ip          text        NOT NULL DEFAULT '',
    action      text        NOT NULL,
    object_type text        NOT NULL DEFAULT '',
    object_id   text        NOT NULL DEFAULT '',
    result      text        NOT NULL DEFAULT 'ok',
    detail      text        NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC);
CREATE INDEX audit_log_action_idx ON audit_log (action, at DESC);

-- Every email is a row: written in the same transaction as the change that causes it (the outbox),
-- delivered by the worker, kept with its outcome for staff (邮件管理).
CREATE TABLE emails (
    id           bigserial PRIMARY KEY,
    dedupe_key   text UNIQUE,
    to_addr      text        NOT NULL,
    subject      text        NOT NULL,
    body         text        NOT NULL,
    kind         text        NOT NULL DEFAULT '',
    status       text        NOT NULL DEFAULT 'queued', -- queued | sent | failed | not_sent
    attempts     integer     NOT NULL DEFAULT 0,
    last_error   text        NOT NULL DEFAULT '',
    enqueued_at  timestamptz,
    sent_at      timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX emails_pending_idx ON emails (id) WHERE status = 'queued';
CREATE INDEX emails_created_idx ON emails (created_at DESC, id DESC);

-- 站内通知: a notice for one company (company_id) or for everyone (NULL).
CREATE TABLE notices (
    id          bigserial PRIMARY KEY,
    company_id  bigint REFERENCES companies(id) ON DELETE CASCADE,
    title       text        NOT NULL,
    body        text        NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notices_company_idx ON notices (company_id, created_at DESC);

CREATE TABLE notice_reads (
    notice_id  bigint      NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
    user_id    bigint      NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    read_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, notice_id)
);

-- Reminders (提醒): one row per reminder actually sent; the unique key makes a second scheduler a no-op.
CREATE TABLE reminders (
    kind        text        NOT NULL,
    target_id   bigint      NOT NULL,
    slot        text        NOT NULL,
    sent_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, target_id, slot)
);

CREATE SEQUENCE member_no_seq START 1;
