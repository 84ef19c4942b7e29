DROP INDEX IF EXISTS sms_messages_created_idx;
DROP INDEX IF EXISTS companies_dash_category_idx;
DROP INDEX IF EXISTS companies_dash_province_idx;
DROP INDEX IF EXISTS companies_dash_level_idx;
