-- 站内信管理: staff broadcasts. A broadcast keeps the audience staff chose and, once sent, a
-- frozen company-level recipient list (who it went to stays auditable after a company changes
-- level or leaves). Ids come from the notices' sequence, so /messages/:id names either kind of
-- site message without a second route and the two never collide.
CREATE TABLE broadcasts (
    id           bigint PRIMARY KEY DEFAULT nextval('notices_id_seq'),
    title        text        NOT NULL,
    body         text        NOT NULL,
    important    boolean     NOT NULL DEFAULT false,
    audience     jsonb       NOT NULL,
    email_copy   boolean     NOT NULL DEFAULT false,
    status       text        NOT NULL DEFAULT 'scheduled', -- scheduled | sent | retracted
    send_at      timestamptz NOT NULL,
    sent_at      timestamptz,
    retracted_at timestamptz,
    recipients   integer     NOT NULL DEFAULT 0,
    created_by   bigint      REFERENCES users(id) ON DELETE SET NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX broadcasts_due_idx ON broadcasts (send_at) WHERE status = 'scheduled';
CREATE INDEX broadcasts_created_idx ON broadcasts (created_at DESC, id DESC);

-- The frozen recipient list, one row per company. live turns false when the broadcast is
-- retracted; the member inbox and the unread count read only the partial index below:
-- (company, time) with the id and importance included, so counting is an index-only range scan.
CREATE TABLE broadcast_recipients (
    broadcast_id bigint      NOT NULL REFERENCES broadcasts(id) ON DELETE CASCADE,
    company_id   bigint      NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    level        text        NOT NULL, -- the company's level when it was sent (read rate by level)
    sent_at      timestamptz NOT NULL,
    important    boolean     NOT NULL DEFAULT false,
    live         boolean     NOT NULL DEFAULT true,
    email_id     bigint      REFERENCES emails(id) ON DELETE SET NULL,
    PRIMARY KEY (broadcast_id, company_id)
);
CREATE INDEX broadcast_recipients_inbox_idx ON broadcast_recipients (company_id, sent_at DESC, broadcast_id)
    INCLUDE (important) WHERE live;

-- Read state is sparse: a row only for what a user opened.
CREATE TABLE broadcast_reads (
    user_id      bigint      NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    broadcast_id bigint      NOT NULL REFERENCES broadcasts(id) ON DELETE CASCADE,
    read_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, broadcast_id)
);
CREATE INDEX broadcast_reads_broadcast_idx ON broadcast_reads (broadcast_id);

-- 全部标为已读 is one row per user: everything (notices and broadcasts) up to read_before is read.
CREATE TABLE inbox_marks (
    user_id     bigint      PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    read_before timestamptz NOT NULL
);
