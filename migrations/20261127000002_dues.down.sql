DROP TABLE IF EXISTS dues_reminders, sms_messages, certificates, invoice_profiles, vouchers, dues, fee_schedules, files;
DROP SEQUENCE IF EXISTS certificate_no_seq;
