-- 可视化管理: indexes that let the dashboard's widgets read an index instead of the table
-- (index-only scans once vacuumed): members by status with level, join date, province and
-- category; SMS by creation time for the 30-day delivery widget (emails have
-- emails_created_idx). The dues widgets use dues_year_status_idx; a covering index for the
-- amounts was measured and not chosen by the planner (the table is as narrow as the index).
CREATE INDEX companies_dash_level_idx ON companies (status, level, joined_on) INCLUDE (id);
CREATE INDEX companies_dash_province_idx ON companies (status, province);
CREATE INDEX companies_dash_category_idx ON companies (status, category);
CREATE INDEX sms_messages_created_idx ON sms_messages (created_at);
