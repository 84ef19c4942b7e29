-- 邮件管理: campaigns (群发邮件) with one delivery row per recipient, the suppression list
-- (hard bounces, unsubscribes, staff entries) and versioned templates of transactional mails.
CREATE TABLE campaigns (
    id            bigserial PRIMARY KEY,
    subject       text        NOT NULL,
    body          text        NOT NULL,
    layout        text        NOT NULL DEFAULT 'standard',
    audience      jsonb       NOT NULL DEFAULT '{}',
    roles         text[]      NOT NULL DEFAULT '{}',
    -- draft | awaiting_approval | scheduled | sending | paused | sent | cancelled
    status        text        NOT NULL DEFAULT 'draft',
    needs_approval boolean    NOT NULL DEFAULT false,
    send_at       timestamptz,
    author_id     bigint REFERENCES users(id) ON DELETE SET NULL,
    author_name   text        NOT NULL DEFAULT '',
    approved_by   bigint REFERENCES users(id) ON DELETE SET NULL,
    approver_name text        NOT NULL DEFAULT '',
    approved_at   timestamptz,
    recipients    integer     NOT NULL DEFAULT 0,
    suppressed    integer     NOT NULL DEFAULT 0,
    started_at    timestamptz,
    finished_at   timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX campaigns_due_idx ON campaigns (status, send_at) WHERE status IN ('scheduled', 'sending');
CREATE INDEX campaigns_created_idx ON campaigns (created_at DESC, id DESC);

-- One row per recipient address (lower-cased, so one address gets one copy per campaign).
CREATE TABLE campaign_deliveries (
    id            bigserial PRIMARY KEY,
    campaign_id   bigint      NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    address       text        NOT NULL,
    company_id    bigint REFERENCES companies(id) ON DELETE SET NULL,
    company_name  text        NOT NULL DEFAULT '',
    member_no     text        NOT NULL DEFAULT '',
    contact_name  text        NOT NULL DEFAULT '',
    domain        text        NOT NULL,
    -- queued | sending | sent | deferred | failed | bounced
    status        text        NOT NULL DEFAULT 'queued',
    smtp_code     integer     NOT NULL DEFAULT 0,
    smtp_message  text        NOT NULL DEFAULT '',
    attempts      integer     NOT NULL DEFAULT 0,
    next_at       timestamptz NOT NULL DEFAULT now(),
    sending_at    timestamptz,
    sent_at       timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (campaign_id, address)
);
CREATE INDEX campaign_deliveries_due_idx ON campaign_deliveries (campaign_id, next_at, id) WHERE status IN ('queued', 'deferred', 'sending');
CREATE INDEX campaign_deliveries_status_idx ON campaign_deliveries (campaign_id, status, id);

-- Addresses no campaign mails again: a hard bounce, an unsubscribe (退订) or staff's entry.
CREATE TABLE mail_suppressions (
    address    text        PRIMARY KEY, -- lower case
    reason     text        NOT NULL,    -- bounce | unsubscribe | staff
    detail     text        NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Transactional mail templates: each save is a new version; the newest one is used.
CREATE TABLE mail_templates (
    kind       text        NOT NULL,
    version    integer     NOT NULL,
    subject    text        NOT NULL,
    body       text        NOT NULL,
    note       text        NOT NULL DEFAULT '',
    created_by bigint REFERENCES users(id) ON DELETE SET NULL,
    author_name text       NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, version)
);
