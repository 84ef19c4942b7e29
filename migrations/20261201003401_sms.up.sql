-- 短信管理: the template registry staff manage (the built-in registry of internal/sms is the
-- fallback for keys without a row), the SMS statuses of the gateways (submitted, delivered,
-- limited, deferred) and their receipts, and the marketing-SMS consent of company people.
CREATE TABLE sms_templates (
    key        text PRIMARY KEY,
    code       text        NOT NULL DEFAULT '',  -- the provider's template code (SMS_… / TemplateId)
    kind       text        NOT NULL CHECK (kind IN ('验证码', '通知', '推广')),
    sign_name  text        NOT NULL DEFAULT '',
    params     jsonb       NOT NULL DEFAULT '[]', -- [{"name": "company", "max": 35}, …] in order
    body       text        NOT NULL DEFAULT '',
    enabled    boolean     NOT NULL DEFAULT true,
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by bigint
);

ALTER TABLE sms_messages
    ADD COLUMN not_before   timestamptz,           -- deferred 推广 texts wait until then
    ADD COLUMN receipt_code text NOT NULL DEFAULT '',
    ADD COLUMN receipt_at   timestamptz,
    ADD COLUMN provider     text NOT NULL DEFAULT '';
UPDATE sms_messages SET status = 'submitted' WHERE status = 'sent';
CREATE INDEX sms_provider_id_idx ON sms_messages (provider_id) WHERE provider_id <> '';
CREATE INDEX sms_deferred_idx ON sms_messages (not_before) WHERE status = 'deferred';
CREATE INDEX sms_phone_day_idx ON sms_messages (to_mobile, template, created_at);
CREATE INDEX sms_created_idx ON sms_messages (created_at DESC, id DESC);

-- Consent of a company person to marketing texts (推广短信); NULL: not given or withdrawn.
ALTER TABLE company_people ADD COLUMN sms_marketing_at timestamptz;

-- The SMS copy of an important site message (站内信管理 → 短信通知).
ALTER TABLE broadcasts ADD COLUMN sms_copy boolean NOT NULL DEFAULT false;
