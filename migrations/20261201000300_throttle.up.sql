-- Staff unlocks of login locks (解除锁定): failures before an unlock no longer count.
-- username '' unlocks the address ip for every account; otherwise the (lower-cased) pair.
CREATE TABLE login_unlocks (
    id       bigserial PRIMARY KEY,
    username text        NOT NULL,
    ip       text        NOT NULL,
    at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_unlocks_key_idx ON login_unlocks (username, ip, at DESC);

-- The lockout list reads only the last window of failures.
CREATE INDEX login_attempts_failed_at_idx ON login_attempts (at) WHERE NOT success;

-- Rate limits other than logins (exports, registrations, registration emails): one row per
-- counted event, in the database so every web process shares the counts.
CREATE TABLE rate_events (
    id      bigserial PRIMARY KEY,
    bucket  text        NOT NULL,
    subject text        NOT NULL,
    at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rate_events_key_idx ON rate_events (bucket, subject, at DESC);
CREATE INDEX rate_events_at_idx ON rate_events (bucket, at);
