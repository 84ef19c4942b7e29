ALTER TABLE company_people DROP COLUMN sms_marketing_by;
