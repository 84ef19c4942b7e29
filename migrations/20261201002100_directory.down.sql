DROP TABLE IF EXISTS directory_settings;
DROP TABLE IF EXISTS directory_fields;
UPDATE files SET visibility = 'members' WHERE visibility IN ('council', 'staff');
ALTER TABLE files DROP CONSTRAINT files_visibility_check,
    ADD CONSTRAINT files_visibility_check CHECK (visibility IN ('public', 'members'));
