-- Two-phase hand-over of an email to the mail server (internal/mail/sender.go): handed_at is
-- committed after the whole message is on the wire and before the "." that ends DATA. A row
-- left sending without it belonged to a worker that died before the server could accept
-- anything (a server discards a message whose DATA never ended), so the relay puts it back in
-- the queue; only a row with handed_at is 状态未知.
ALTER TABLE emails ADD COLUMN handed_at timestamptz;
