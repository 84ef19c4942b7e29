-- 会员晋升: applications for a council level (理事类型), the templates staff publish, the
-- terms (届) and seats the 理事会 / 会员代表大会 confers by ratification, and the history of
-- each company's level. Only a ratification changes companies.level.

-- 届: a council term. Seats belong to a term and expire with it.
CREATE TABLE terms (
    id         bigserial   PRIMARY KEY,
    number     integer     NOT NULL UNIQUE CHECK (number > 0), -- 第N届
    starts_on  date        NOT NULL,
    ends_on    date        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_on > starts_on),
    EXCLUDE USING gist (daterange(starts_on, ends_on, '[]') WITH &&)
);

-- 晋升材料 templates per 理事类型: a new upload of the same title is the next version; members
-- download the newest one.
CREATE TABLE promotion_templates (
    id         bigserial   PRIMARY KEY,
    level      text        NOT NULL,
    title      text        NOT NULL,
    version    integer     NOT NULL,
    file_id    text        NOT NULL REFERENCES files(id),
    created_by bigint,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (level, title, version)
);

CREATE TABLE promotion_applications (
    id                  bigserial   PRIMARY KEY,
    company_id          bigint      NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    from_level          text        NOT NULL,
    level               text        NOT NULL,
    representative_id   bigint      REFERENCES company_people(id) ON DELETE SET NULL,
    representative_name text        NOT NULL,
    representative_title text       NOT NULL DEFAULT '',
    status              text        NOT NULL CHECK (status IN ('submitted', 'returned', 'passed', 'ratified', 'rejected')),
    reason              text        NOT NULL DEFAULT '',
    item_reasons        jsonb       NOT NULL DEFAULT '{}',
    round               integer     NOT NULL DEFAULT 1,
    submitted_at        timestamptz NOT NULL DEFAULT now(),
    created_by          bigint,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);
-- One open application per company: the second of two parallel submits fails here.
CREATE UNIQUE INDEX promotion_applications_open_idx ON promotion_applications (company_id)
    WHERE status IN ('submitted', 'returned', 'passed');
CREATE INDEX promotion_applications_queue_idx ON promotion_applications (status, submitted_at DESC, id DESC);
CREATE INDEX promotion_applications_level_idx ON promotion_applications (level, submitted_at DESC, id DESC);
CREATE INDEX promotion_applications_company_idx ON promotion_applications (company_id, id DESC);

-- 审核材料: one row per upload; the newest row of an item is the current file, older rows are
-- what staff compare against after a resubmission.
CREATE TABLE promotion_materials (
    id             bigserial   PRIMARY KEY,
    application_id bigint      NOT NULL REFERENCES promotion_applications(id) ON DELETE CASCADE,
    item           text        NOT NULL,
    round          integer     NOT NULL,
    file_id        text        NOT NULL REFERENCES files(id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (application_id, item, round)
);

-- The application's history as the company and staff see it.
CREATE TABLE promotion_events (
    id             bigserial   PRIMARY KEY,
    application_id bigint      NOT NULL REFERENCES promotion_applications(id) ON DELETE CASCADE,
    action         text        NOT NULL,
    status         text        NOT NULL,
    note           text        NOT NULL DEFAULT '',
    actor_name     text        NOT NULL DEFAULT '',
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX promotion_events_app_idx ON promotion_events (application_id, id);

-- The vote of the 理事会 / 常务理事会 / 会员代表大会 that conferred the seat.
CREATE TABLE ratifications (
    id                 bigserial   PRIMARY KEY,
    application_id     bigint      NOT NULL UNIQUE REFERENCES promotion_applications(id) ON DELETE CASCADE,
    term_id            bigint      NOT NULL REFERENCES terms(id),
    meeting_type       text        NOT NULL CHECK (meeting_type IN ('council', 'standing', 'congress')),
    session            text        NOT NULL,
    held_on            date        NOT NULL,
    expected           integer     NOT NULL CHECK (expected > 0),
    present            integer     NOT NULL CHECK (present >= 0 AND present <= expected),
    yes                integer     NOT NULL CHECK (yes >= 0),
    no                 integer     NOT NULL CHECK (no >= 0),
    abstain            integer     NOT NULL CHECK (abstain >= 0),
    resolution_file_id text        NOT NULL REFERENCES files(id),
    created_by         bigint,
    created_at         timestamptz NOT NULL DEFAULT now(),
    CHECK (yes + no + abstain <= present)
);

-- A council seat: a company at a level for a term.
CREATE TABLE seats (
    id                  bigserial   PRIMARY KEY,
    company_id          bigint      NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    level               text        NOT NULL,
    term_id             bigint      NOT NULL REFERENCES terms(id),
    representative_name text        NOT NULL DEFAULT '',
    since               date        NOT NULL,
    until               date,
    status              text        NOT NULL CHECK (status IN ('active', 'replaced', 'expired')),
    ratification_id     bigint      REFERENCES ratifications(id),
    created_at          timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX seats_active_idx ON seats (company_id, term_id) WHERE status = 'active';
CREATE INDEX seats_term_level_idx ON seats (term_id, level) WHERE status = 'active';

-- Every change of companies.level, with what caused it.
CREATE TABLE level_history (
    id              bigserial   PRIMARY KEY,
    company_id      bigint      NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    from_level      text        NOT NULL,
    to_level        text        NOT NULL,
    changed_on      date        NOT NULL,
    reason          text        NOT NULL DEFAULT '',
    ratification_id bigint      REFERENCES ratifications(id),
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX level_history_company_idx ON level_history (company_id, id);
