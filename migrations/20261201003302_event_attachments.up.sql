-- 展会活动 attachments (association-published files: 参会指南, 日程, 回执 templates) shown on
-- 查看详情. The file's visibility follows the event: none while a draft, members when
-- published, council members when the event is council-only.
CREATE TABLE event_attachments (
    id          bigserial   PRIMARY KEY,
    event_id    bigint      NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    title       text        NOT NULL,
    file_id     text        NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    created_by  bigint      REFERENCES users(id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX event_attachments_event_idx ON event_attachments (event_id, id);
