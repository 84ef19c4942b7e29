-- 反馈信息 / 反馈建议管理: one row per feedback item, its thread of messages (public replies
-- and staff-only notes), attachments. status is the staff-side workflow state; staff_unread
-- and member_unread say which side has news it has not opened.
CREATE TABLE feedback (
    id              bigserial PRIMARY KEY,
    company_id      bigint NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    created_by      bigint REFERENCES users (id),
    category        text NOT NULL CHECK (category IN ('suggestion', 'complaint', 'question', 'system', 'billing')),
    subject         text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
    dues_year       int,
    status          text NOT NULL DEFAULT 'unread'
                    CHECK (status IN ('unread', 'read', 'processing', 'waiting', 'resolved', 'closed')),
    assignee_id     bigint REFERENCES users (id),
    staff_unread    boolean NOT NULL DEFAULT true,
    member_unread   boolean NOT NULL DEFAULT false,
    rating          smallint CHECK (rating BETWEEN 1 AND 5),
    rating_note     text NOT NULL DEFAULT '',
    first_reply_at  timestamptz,
    resolved_at     timestamptz,
    closed_at       timestamptz,
    last_message_at timestamptz NOT NULL DEFAULT now(),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX feedback_company_idx ON feedback (company_id, last_message_at DESC, id DESC);
CREATE INDEX feedback_queue_idx ON feedback (status, last_message_at DESC, id DESC);
CREATE INDEX feedback_assignee_idx ON feedback (assignee_id, last_message_at DESC) WHERE assignee_id IS NOT NULL;
CREATE INDEX feedback_autoclose_idx ON feedback (resolved_at) WHERE status = 'resolved';

CREATE TABLE feedback_messages (
    id          bigserial PRIMARY KEY,
    feedback_id bigint NOT NULL REFERENCES feedback (id) ON DELETE CASCADE,
    author_id   bigint REFERENCES users (id),
    author_name text NOT NULL DEFAULT '',
    from_staff  boolean NOT NULL,
    internal    boolean NOT NULL DEFAULT false CHECK (from_staff OR NOT internal),
    body        text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX feedback_messages_thread_idx ON feedback_messages (feedback_id, id);

CREATE TABLE feedback_files (
    message_id bigint NOT NULL REFERENCES feedback_messages (id) ON DELETE CASCADE,
    file_id    text NOT NULL REFERENCES files (id),
    PRIMARY KEY (message_id, file_id)
);
