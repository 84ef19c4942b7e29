DROP INDEX IF EXISTS companies_joined_idx;
