DROP TABLE mail_templates;
DROP TABLE mail_suppressions;
DROP TABLE campaign_deliveries;
DROP TABLE campaigns;
