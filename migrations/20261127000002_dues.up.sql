-- 会员缴费: fee schedule, yearly dues, bank-transfer vouchers, invoice profiles, files,
-- certificates (会员证书) and SMS outbox.

-- Uploaded and generated files live in the database, so no web process holds state.
CREATE TABLE files (
    id           text        PRIMARY KEY,           -- random, unguessable
    company_id   bigint REFERENCES companies(id) ON DELETE CASCADE,
    kind         text        NOT NULL,              -- voucher | invoice | certificate
    name         text        NOT NULL,              -- the name offered on download
    content_type text        NOT NULL,
    size         integer     NOT NULL,
    sha256       bytea       NOT NULL,
    data         bytea       NOT NULL,
    created_by   bigint,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX files_company_idx ON files (company_id);

-- 会费标准 per year and member level, in fen.
CREATE TABLE fee_schedules (
    year       integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    level      text    NOT NULL,
    amount_fen bigint  NOT NULL CHECK (amount_fen >= 0),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (year, level)
);

CREATE TABLE dues (
    id                   bigserial PRIMARY KEY,
    company_id           bigint      NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    year                 integer     NOT NULL,
    level                text        NOT NULL,
    amount_fen           bigint      NOT NULL CHECK (amount_fen >= 0),
    status               text        NOT NULL DEFAULT 'unpaid', -- unpaid | pending | confirmed | rejected | waived
    received_fen         bigint,
    received_on          date,
    confirmed_at         timestamptz,
    confirmed_by         bigint REFERENCES users(id),
    reject_reason        text        NOT NULL DEFAULT '',
    waive_reason         text        NOT NULL DEFAULT '',
    invoice_status       text        NOT NULL DEFAULT 'none',   -- none | requested | issued
    invoice_requested_at timestamptz,
    invoice_issued_at    timestamptz,
    invoice_request      jsonb,
    invoice_file_id      text REFERENCES files(id),
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    UNIQUE (company_id, year)
);
CREATE INDEX dues_year_status_idx ON dues (year, status, invoice_status);
CREATE INDEX dues_status_idx ON dues (status, invoice_status, year DESC);

-- 缴费凭证: one or more bank-transfer vouchers per dues row.
CREATE TABLE vouchers (
    id            bigserial PRIMARY KEY,
    dues_id       bigint      NOT NULL REFERENCES dues(id) ON DELETE CASCADE,
    file_id       text        NOT NULL REFERENCES files(id),
    transfer_date date        NOT NULL,
    amount_fen    bigint      NOT NULL CHECK (amount_fen > 0),
    payer         text        NOT NULL,
    note          text        NOT NULL DEFAULT '',
    created_by    bigint REFERENCES users(id),
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX vouchers_dues_idx ON vouchers (dues_id);

-- 开票信息, saved once per company and reused every year.
CREATE TABLE invoice_profiles (
    company_id   bigint PRIMARY KEY REFERENCES companies(id) ON DELETE CASCADE,
    invoice_type text        NOT NULL,          -- normal | special
    title        text        NOT NULL,
    tax_no       text        NOT NULL,
    address      text        NOT NULL DEFAULT '',
    phone        text        NOT NULL DEFAULT '',
    bank         text        NOT NULL DEFAULT '',
    account      text        NOT NULL DEFAULT '',
    email        text        NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- 会员证书. code is the unguessable id in the verification URL.
CREATE TABLE certificates (
    id            bigserial PRIMARY KEY,
    company_id    bigint      NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    dues_id       bigint      NOT NULL REFERENCES dues(id) ON DELETE CASCADE,
    year          integer     NOT NULL,
    number        text        NOT NULL UNIQUE,
    code          text        NOT NULL UNIQUE,
    company_name  text        NOT NULL,
    level         text        NOT NULL,
    issued_on     date        NOT NULL,
    status        text        NOT NULL DEFAULT 'pending', -- pending | issued | superseded | revoked
    revoke_reason text        NOT NULL DEFAULT '',
    file_id       text REFERENCES files(id),
    created_at    timestamptz NOT NULL DEFAULT now()
);
-- At most one live certificate per dues row: a retried render can not make a second.
CREATE UNIQUE INDEX certificates_live_key ON certificates (dues_id) WHERE status IN ('pending', 'issued');
CREATE INDEX certificates_company_idx ON certificates (company_id, year DESC);
CREATE SEQUENCE certificate_no_seq START 1;

-- SMS outbox, delivered through a provider interface, kept with its outcome (短信管理).
CREATE TABLE sms_messages (
    id          bigserial PRIMARY KEY,
    dedupe_key  text UNIQUE,
    to_mobile   text        NOT NULL,
    body        text        NOT NULL,
    kind        text        NOT NULL DEFAULT '',
    status      text        NOT NULL DEFAULT 'queued', -- queued | sent | failed
    attempts    integer     NOT NULL DEFAULT 0,
    last_error  text        NOT NULL DEFAULT '',
    enqueued_at timestamptz,
    sent_at     timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sms_pending_idx ON sms_messages (id) WHERE status = 'queued';

-- Dues reminders: one row per (dues, schedule point); the key stops a second scheduler.
CREATE TABLE dues_reminders (
    dues_id   bigint      NOT NULL REFERENCES dues(id) ON DELETE CASCADE,
    point     integer     NOT NULL, -- days relative to the deadline (negative: before)
    sent_at   timestamptz NOT NULL DEFAULT now(),
    outcome   text        NOT NULL DEFAULT '',
    PRIMARY KEY (dues_id, point)
);
