-- 展会活动 fees, paid offline like dues. An event has a price per attendee for member
-- companies and one for council companies (理事单位 and above), who also get a number of free
-- places. A registration's fee is a row of dues (one charge table, one state machine, the same
-- vouchers, invoice request, 确认到账 and invoice download): a yearly dues row has a year and
-- no registration; an event charge has a registration and no year, so every query by year
-- (member lists, certificates, promotion, reminders) keeps seeing yearly dues only.
ALTER TABLE events
    ADD COLUMN fee_member_fen      bigint  NOT NULL DEFAULT 0 CHECK (fee_member_fen >= 0),
    ADD COLUMN fee_council_fen     bigint  NOT NULL DEFAULT 0 CHECK (fee_council_fen >= 0),
    ADD COLUMN council_free_places integer NOT NULL DEFAULT 0 CHECK (council_free_places >= 0);

ALTER TABLE dues
    ALTER COLUMN year DROP NOT NULL,
    ADD COLUMN event_registration_id bigint REFERENCES event_registrations(id) ON DELETE CASCADE,
    ADD COLUMN subject text NOT NULL DEFAULT '',
    ADD CONSTRAINT dues_kind_check CHECK ((year IS NULL) = (event_registration_id IS NOT NULL));
-- One charge per registration.
CREATE UNIQUE INDEX dues_event_registration_key ON dues (event_registration_id) WHERE event_registration_id IS NOT NULL;
-- 会员缴费管理 filtered to event charges (类别 活动费) by 缴费状态, newest first.
CREATE INDEX dues_event_status_idx ON dues (status, id DESC) WHERE event_registration_id IS NOT NULL;
-- 展会活动管理 lists every event (published or not) newest first: without this the page sorts
-- the whole table (a seq scan of thousands of events per request).
CREATE INDEX events_staff_list_idx ON events (starts_at DESC, id DESC);
