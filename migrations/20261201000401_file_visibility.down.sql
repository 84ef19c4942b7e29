DROP INDEX files_company_kind_size_idx;
ALTER TABLE files DROP COLUMN visibility;
