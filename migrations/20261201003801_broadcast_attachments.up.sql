-- 站内信管理, second part: a body may be Markdown (rendered safely), and a broadcast carries
-- attachments the association publishes (files of kind broadcast_attachment), readable by
-- staff and by the companies on its live recipient list only (internal/files/access.go).
ALTER TABLE broadcasts ADD COLUMN markdown boolean NOT NULL DEFAULT false;

CREATE TABLE broadcast_files (
    broadcast_id bigint  NOT NULL REFERENCES broadcasts(id) ON DELETE CASCADE,
    file_id      text    NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    position     integer NOT NULL DEFAULT 0,
    PRIMARY KEY (broadcast_id, file_id)
);
-- The download check goes from the file to its broadcasts, then to the recipient row by key.
CREATE INDEX broadcast_files_file_idx ON broadcast_files (file_id);
