DROP INDEX IF EXISTS companies_member_list_idx;
ALTER TABLE companies DROP CONSTRAINT IF EXISTS companies_status_check;
ALTER TABLE companies DROP COLUMN IF EXISTS status_changed_at;
ALTER TABLE companies DROP COLUMN IF EXISTS status_reason;
