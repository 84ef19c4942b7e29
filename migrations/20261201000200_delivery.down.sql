CREATE TABLE dues_reminders (
    dues_id   bigint      NOT NULL REFERENCES dues(id) ON DELETE CASCADE,
    point     integer     NOT NULL,
    sent_at   timestamptz NOT NULL DEFAULT now(),
    outcome   text        NOT NULL DEFAULT '',
    PRIMARY KEY (dues_id, point)
);
INSERT INTO dues_reminders (dues_id, point, sent_at, outcome)
    SELECT r.target_id, r.slot::int, r.sent_at, r.outcome FROM reminders r
    JOIN dues d ON d.id = r.target_id WHERE r.kind = 'dues';
DELETE FROM reminders WHERE kind = 'dues';
ALTER TABLE reminders DROP COLUMN outcome;

DROP INDEX sms_sending_idx;
ALTER TABLE sms_messages ADD COLUMN body text NOT NULL DEFAULT '';
UPDATE sms_messages SET body = coalesce(params->>'text', template || ' ' || params::text);
ALTER TABLE sms_messages DROP COLUMN sending_at, DROP COLUMN sign_name, DROP COLUMN template,
    DROP COLUMN params, DROP COLUMN provider_id;
UPDATE sms_messages SET status = 'failed' WHERE status IN ('sending', 'unknown');

DROP INDEX emails_sending_idx;
UPDATE emails SET status = 'failed' WHERE status IN ('sending', 'unknown');
ALTER TABLE emails DROP COLUMN sending_at;
