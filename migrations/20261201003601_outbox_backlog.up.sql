-- The outbox backlog on /metrics (internal/metrics): undelivered rows counted by kind from a
-- small partial index, so a scrape never reads the delivered history.
CREATE INDEX emails_backlog_idx ON emails (kind, status) WHERE status IN ('queued', 'sending');
CREATE INDEX sms_backlog_idx ON sms_messages (kind, status) WHERE status IN ('queued', 'sending');
