-- 参会投稿 (call for papers): an event's call, the papers member companies submit with their
-- versions, external reviewers, review assignments with scores, and staged decisions whose
-- emails are outbox rows linked to the decision.

-- The call of one event (征稿设置). criteria is [{"name": "创新性", "weight": 40}, ...].
CREATE TABLE paper_calls (
    event_id        bigint      PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
    enabled         boolean     NOT NULL DEFAULT false,
    opens_at        timestamptz NOT NULL,
    closes_at       timestamptz NOT NULL,
    late_code       text        NOT NULL DEFAULT '',
    topics          text[]      NOT NULL DEFAULT '{}',
    abstract_limit  int         NOT NULL DEFAULT 500 CHECK (abstract_limit BETWEEN 50 AND 5000),
    blind           boolean     NOT NULL DEFAULT true,
    criteria        jsonb       NOT NULL DEFAULT '[]',
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (closes_at > opens_at)
);
-- 重要活动提醒 looks for calls closing soon.
CREATE INDEX paper_calls_closes_idx ON paper_calls (closes_at) WHERE enabled;

-- One paper of a member company; authors is [{"name", "affiliation", "presenting"}].
CREATE TABLE papers (
    id            bigserial   PRIMARY KEY,
    event_id      bigint      NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    company_id    bigint      NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    created_by    bigint      REFERENCES users(id) ON DELETE SET NULL,
    status        text        NOT NULL DEFAULT 'draft'
                  CHECK (status IN ('draft', 'submitted', 'reviewing', 'accepted', 'revise', 'rejected', 'withdrawn')),
    title         text        NOT NULL DEFAULT '',
    authors       jsonb       NOT NULL DEFAULT '[]',
    abstract      text        NOT NULL DEFAULT '',
    keywords      text        NOT NULL DEFAULT '',
    topic         text        NOT NULL DEFAULT '',
    file_id       text        REFERENCES files(id) ON DELETE SET NULL,
    declared      boolean     NOT NULL DEFAULT false,
    version       int         NOT NULL DEFAULT 0,
    submitted_at  timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX papers_company_idx ON papers (company_id, id DESC);
CREATE INDEX papers_event_idx ON papers (event_id, status, id);

-- Each submission of a change keeps the version submitted.
CREATE TABLE paper_versions (
    id            bigserial   PRIMARY KEY,
    paper_id      bigint      NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
    number        int         NOT NULL,
    title         text        NOT NULL,
    authors       jsonb       NOT NULL,
    abstract      text        NOT NULL,
    keywords      text        NOT NULL,
    topic         text        NOT NULL,
    file_id       text        REFERENCES files(id) ON DELETE SET NULL,
    late          boolean     NOT NULL DEFAULT false, -- submitted after the close with the access code
    submitted_by  bigint      REFERENCES users(id) ON DELETE SET NULL,
    submitted_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (paper_id, number)
);

-- External reviewers (users.role = 'reviewer'); company_id is the member company they belong
-- to, if any: they never get a paper of that company. Users of role reviewer carry no
-- users.company_id, so they never act for that company.
CREATE TABLE paper_reviewers (
    user_id      bigint      PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    company_id   bigint      REFERENCES companies(id) ON DELETE SET NULL,
    affiliation  text        NOT NULL DEFAULT '',
    created_by   bigint      REFERENCES users(id) ON DELETE SET NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- A reviewer assigned to a paper, and their scores ({"创新性": 8, ...}) once submitted.
CREATE TABLE paper_reviews (
    id            bigserial   PRIMARY KEY,
    paper_id      bigint      NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
    reviewer_id   bigint      NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    scores        jsonb       NOT NULL DEFAULT '{}',
    comment       text        NOT NULL DEFAULT '',
    submitted_at  timestamptz,
    assigned_by   bigint      REFERENCES users(id) ON DELETE SET NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (paper_id, reviewer_id)
);
CREATE INDEX paper_reviews_reviewer_idx ON paper_reviews (reviewer_id, id DESC);

-- Decisions: staged (released_at NULL) until staff release the event's results together.
-- email_id is the one outbox row of the decision's mail; a newer decision for the paper
-- supersedes an older one and cancels its mail while it is still queued.
CREATE TABLE paper_decisions (
    id             bigserial   PRIMARY KEY,
    paper_id       bigint      NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
    outcome        text        NOT NULL CHECK (outcome IN ('accepted', 'revise', 'rejected')),
    note           text        NOT NULL DEFAULT '',
    decided_by     bigint      REFERENCES users(id) ON DELETE SET NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    released_at    timestamptz,
    superseded_at  timestamptz,
    email_id       bigint      REFERENCES emails(id) ON DELETE SET NULL
);
CREATE INDEX paper_decisions_paper_idx ON paper_decisions (paper_id, id DESC);
-- At most one staged decision per paper.
CREATE UNIQUE INDEX paper_decisions_one_staged ON paper_decisions (paper_id) WHERE released_at IS NULL AND superseded_at IS NULL;
