DROP INDEX IF EXISTS sms_backlog_idx;
DROP INDEX IF EXISTS emails_backlog_idx;
