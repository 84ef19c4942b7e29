DROP TABLE IF EXISTS directory_settings;
DROP TABLE IF EXISTS directory_fields;
