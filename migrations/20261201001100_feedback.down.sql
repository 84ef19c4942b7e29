DROP TABLE IF EXISTS feedback_files;
DROP TABLE IF EXISTS feedback_messages;
DROP TABLE IF EXISTS feedback;
