DROP SEQUENCE IF EXISTS member_no_seq;
DROP TABLE IF EXISTS reminders, notice_reads, notices, emails, audit_log, login_attempts, sessions,
    registration_drafts, application_revisions, applications, users, company_people, companies;
