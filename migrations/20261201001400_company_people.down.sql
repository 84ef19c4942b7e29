DROP TABLE onetime_links;
ALTER TABLE users DROP COLUMN is_main;
DROP TABLE company_changes;
DROP TABLE people_consents;
DROP TRIGGER company_people_need_primary ON company_people;
DROP FUNCTION company_people_need_primary();
DROP INDEX company_people_one_primary;
ALTER TABLE company_people DROP COLUMN department, DROP COLUMN is_meeting, DROP COLUMN consent_at,
    DROP COLUMN consent_version, DROP COLUMN updated_at;
