-- 单位成员: who recorded a person's consent to 推广短信 (the time is sms_marketing_at). The
-- main account that recorded it may later be deleted; the consent stays, without a name.
ALTER TABLE company_people ADD COLUMN sms_marketing_by bigint REFERENCES users(id) ON DELETE SET NULL;
