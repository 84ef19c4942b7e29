DROP TABLE project_attachments;
DROP TABLE project_applications;
DROP TABLE project_watches;
DROP TABLE projects;
DROP FUNCTION cpca_projects_bigrams();
