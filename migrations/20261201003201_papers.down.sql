DROP TABLE paper_decisions;
DROP TABLE paper_reviews;
DROP TABLE paper_reviewers;
DROP TABLE paper_versions;
DROP TABLE papers;
DROP TABLE paper_calls;
