-- One outbox mechanism for email and SMS (internal/outbox), honest about what a crash leaves.
-- A row is 'sending' (committed) before the conversation with the mail server or SMS gateway
-- starts, and gets its outcome after. A row still 'sending' after the task timeout belonged to
-- a worker that died mid-send: it becomes 'unknown' (状态未知) and waits for staff, because the
-- server may already have accepted it.
ALTER TABLE emails ADD COLUMN sending_at timestamptz;
CREATE INDEX emails_sending_idx ON emails (sending_at) WHERE status = 'sending';

-- SMS rows carry a gateway template key and its named parameters, not free text: Aliyun and
-- Tencent only send pre-approved templates. Rows written before keep their text as the
-- parameter of the 'legacy_text' template so 短信管理 can still show them.
ALTER TABLE sms_messages
    ADD COLUMN sending_at  timestamptz,
    ADD COLUMN sign_name   text  NOT NULL DEFAULT '',
    ADD COLUMN template    text  NOT NULL DEFAULT '',
    ADD COLUMN params      jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN provider_id text  NOT NULL DEFAULT '';
UPDATE sms_messages SET template = 'legacy_text', params = jsonb_build_object('text', body);
ALTER TABLE sms_messages DROP COLUMN body;
CREATE INDEX sms_sending_idx ON sms_messages (sending_at) WHERE status = 'sending';

-- One reminder claim (kind, target, slot) for every reminder: dues reminders move into the
-- reminders table (kind 'dues', target the dues row, slot the schedule point).
ALTER TABLE reminders ADD COLUMN outcome text NOT NULL DEFAULT '';
INSERT INTO reminders (kind, target_id, slot, sent_at, outcome)
    SELECT 'dues', dues_id, point::text, sent_at, outcome FROM dues_reminders
    ON CONFLICT DO NOTHING;
DROP TABLE dues_reminders;
